// The linter's rules: stable ids, default levels, one-line descriptions, and help
// texts that name their sources (docs/evidence/field.md collects them). The table is
// the one place a rule is declared: the id union, README's table and the per-rule
// pages in docs/lint/ (npm run docs) are derived from it.
import type { Level } from "./types.js";

/** How sure a rule is when it reports (SARIF `precision`, as GitHub code scanning reads it). */
export type Precision = "very-high" | "high" | "medium" | "low";

/** One rule of the linter, as declared in the table. */
interface RuleSpec {
  id: `lfp/${string}`;
  level: Level;
  /** One line. */
  short: string;
  /** A paragraph: why, with sources. */
  full: string;
  /** What to do, when something can be done. */
  fix?: string;
  /** Source references, for the help text. */
  sources: readonly string[];
  /** SARIF `properties.tags` (at most 20: GitHub's limit). */
  tags: readonly string[];
  precision: Precision;
  /** README's "when" column: when the rule reports, and at which levels. */
  when: string;
}

const SEED = "Microsoft, SIO_LOOPBACK_FAST_PATH control code (learn.microsoft.com/windows/win32/winsock/sio-loopback-fast-path)";

const RULES = [
  {
    id: "lfp/deprecated", level: "note",
    short: "SIO_LOOPBACK_FAST_PATH is deprecated",
    full: "Microsoft marks the code deprecated (\"not recommended to be used in your code\"). The real implementation crashed machines: KB2957927 (Stop 0xD1 on Windows 8.1 / Server 2012 R2 with a TDI filter driver installed), grpc/grpc issue 18057 (BSOD in tcpip.sys on Windows 10 and Server 2016; MSRC advised to stop using the ioctl; gRPC reverted it in PRs 18744, 18834, 18846); aspnet/KestrelHttpServer issue 1147 (connection hangs; removed in PR 1152). Microsoft Q&A 226455 (2021): normal loopback \"has been improved quite a bit\", the fast path does not coexist with all socket options or WFP callout drivers. Windows Server 2019 / Windows 10 1809 tune loopback system-wide instead (netsh int ipv4 set gl loopbackexecutionmode=...).",
    fix: "Remove the call. If a measurement shows a benefit worth keeping, keep it behind an opt-in switch, on both ends of the connection, before connect()/listen(), and treat every failure as \"fast path not available\".",
    sources: [SEED, "KB2957927", "grpc/grpc#18057", "aspnet/KestrelHttpServer#1147", "Microsoft Q&A 226455", "MicrosoftDocs/SupportArticles-docs PR 882"],
    tags: ["maintainability", "winsock"], precision: "very-high",
    when: "every call site: Microsoft's deprecation, KB2957927, grpc/grpc#18057, what to do instead",
  },
  {
    id: "lfp/udp-socket", level: "warning",
    short: "the ioctl reaches a datagram socket",
    full: "The fast path is TCP only (seed, Remarks). On a datagram socket the call fails: WSAEINVAL as documented, WSAEOPNOTSUPP on Windows by analogy with Wine's conformance tests (the model's socket.not-tcp). Seen in solidoss/solidframe device.cpp, which applies it to every WSASocketW socket.",
    fix: "Apply the ioctl only to SOCK_STREAM / IPPROTO_TCP sockets.",
    sources: [SEED + ", Remarks", "wine dlls/ws2_32/tests/sock.c@wine-8.0 L5717-5722", "solidoss/solidframe solid/system/src/device.cpp"],
    tags: ["correctness", "winsock"], precision: "high",
    when: "the call reaches a datagram socket",
  },
  {
    id: "lfp/after-connect", level: "warning",
    short: "applied to a socket that is already connected",
    full: "The path of a connection is fixed when it is established and kept for its lifetime (seed, Remarks): a request after connect() changes nothing for that connection. Windows was seen to answer WSAEINVAL on an already-connected socket (Memurai, Win32_FDAPI.cpp EnableFastLoopback: \"we should ignore WSAEINVAL\"); libzmq's signaler (src/ip.cpp make_fdpair) makes the call after a blocking connect() and aborts on any error but WSAEOPNOTSUPP. No source says what the call returns there; the model keeps it as rule fastpath.after-connect.",
    fix: "Make the call after socket() and before connect().",
    sources: [SEED + ", Remarks", "Memurai src/Win32_Interop/Win32_FDAPI.cpp", "zeromq/libzmq src/ip.cpp"],
    tags: ["correctness", "winsock"], precision: "medium",
    when: "the socket is already connected",
  },
  {
    id: "lfp/after-listen", level: "warning",
    short: "applied to a listener after listen()",
    full: "Connections accepted take the listener's setting (seed, Remarks: accepted sockets inherit it); connections that arrive between listen() and this call keep the slow path for their lifetime.",
    fix: "Make the call before listen() (after socket() or bind()).",
    sources: [SEED + ", Remarks"],
    tags: ["correctness", "winsock"], precision: "medium",
    when: "the socket is already listening",
  },
  {
    id: "lfp/accepted-socket", level: "warning",
    short: "applied to an accepted (or AcceptEx) socket",
    full: "An accepted socket inherits the listener's fast-path setting, and its connection exists already, so the call changes nothing (seed, Remarks). gRPC 1.14-1.19 (tcp_windows.cc) made it on every AcceptEx accept socket; solidframe (device.cpp) after accept().",
    fix: "Make the call on the listening socket, before listen(), and not on accepted sockets.",
    sources: [SEED + ", Remarks", "grpc/grpc src/core/lib/iomgr/tcp_windows.cc", "solidoss/solidframe solid/system/src/device.cpp"],
    tags: ["correctness", "winsock"], precision: "medium",
    when: "an accepted or AcceptEx socket",
  },
  {
    id: "lfp/wrong-code", level: "error",
    short: "a different control code is used or intended",
    full: "SIO_LOOPBACK_FAST_PATH is _WSAIOW(IOC_VENDOR, 16) = 0x98000010 (-1744830448 as a signed int). _WSAIOW(IOC_WS2, 16) = 0x88000010 is another, unknown code: the call fails and the fast path is never requested. Seen in RIO samples (SIO_LOOPBACK_FAST_PATH = IOC_IN | IOC_WS2 | 16) and as a comment next to the right value in Kestrel (PR 416, Networking/Libuv.cs).",
    fix: "Use 0x98000010 (_WSAIOW(IOC_VENDOR, 16); -1744830448 in C#), and correct the comment.",
    sources: [SEED, "winsock2.h (_WSAIOW, IOC_VENDOR, IOC_WS2)", "aspnet/KestrelHttpServer PR 416"],
    tags: ["correctness", "winsock"], precision: "high",
    when: "`0x88000010` = `_WSAIOW(IOC_WS2, 16)` (error), or a comment saying IOC_WS2 (note)",
  },
  {
    id: "lfp/bool-not-one", level: "note",
    short: "the BOOL is a constant other than 0 and 1",
    full: "The input is a BOOL; Win32 reads any non-zero value as TRUE, so the call asks for the fast path (the model's in.bool-value, in every profile; no source gives another reading). C# RIO samples pass `int True = -1` (0xFFFFFFFF).",
    fix: "Pass 1 (TRUE) to make the intent plain.",
    sources: [SEED + ", Parameters (lpvInBuffer)"],
    tags: ["maintainability", "winsock"], precision: "very-high",
    when: "a constant BOOL other than 0 and 1 (read as TRUE)",
  },
  {
    id: "lfp/cb-in", level: "error",
    short: "cbInBuffer is not 4 (sizeof(BOOL))",
    full: "The input is a 4-byte BOOL. A smaller cbInBuffer fails (WSAEINVAL as documented, WSAEFAULT on Windows by analogy; the model's in.too-small); a larger one works, only the first 4 bytes count (in.bool-value). `sizeof(bool)` and .NET's BitConverter.GetBytes(true) give 1.",
    fix: "Pass a 4-byte int/DWORD/BOOL holding 1, and sizeof that variable (BitConverter.GetBytes(1) in .NET).",
    sources: [SEED + ", Parameters (lpvInBuffer, cbInBuffer)", "wine dlls/ws2_32/tests/sock.c@wine-8.0 L5409-5414"],
    tags: ["correctness", "winsock"], precision: "high",
    when: "`cbInBuffer` not 4: error when smaller (`sizeof(bool)`, `BitConverter.GetBytes(true)`), note when larger",
  },
  {
    id: "lfp/bytes-returned-null", level: "error",
    short: "lpcbBytesReturned is NULL on a synchronous call",
    full: "A synchronous WSAIoctl needs lpcbBytesReturned: Windows and the seed answer WSAEFAULT (pointer.bytes-returned), Wine fails in its prolog (wine.bytes-returned-null), ReactOS too (reactos.bytes-returned-null). The fast path is never requested.",
    fix: "Pass the address of a DWORD.",
    sources: [SEED + ", Return value (WSAEFAULT)", "wine dlls/ws2_32/socket.c@wine-8.0 L2297-2301", "reactos dll/win32/msafd/misc/dllmain.c L2388-2393"],
    tags: ["correctness", "winsock"], precision: "high",
    when: "NULL `lpcbBytesReturned` on a synchronous call",
  },
  {
    id: "lfp/errors-ignored", level: "note",
    short: "a failure is neither checked nor reported",
    full: "The call fails on Windows 7 and earlier (WSAEOPNOTSUPP, fedjabosnic/hotfix issue 51), under Wine (WSAEOPNOTSUPP) and ReactOS (WSAEINVAL), and on misuse (a connected or datagram socket). Ignoring the result is safe for an optimisation, but nothing tells that it did not take effect. A call behind a Windows 8 version check (IsWindows8OrGreater(), an OSVersion or sys.getwindowsversion() test, an early return) is not reached on windows-7 nor ReactOS (NT 5.2): their answers do not count (docs/lint/version-guards.md); Wine 8.1 and later report Windows 10 and still count.",
    fix: "Check the result; on failure, record once that the fast path is not available.",
    sources: ["fedjabosnic/hotfix#51", "wine dlls/ws2_32/socket.c@wine-8.0 L2644-2665", "reactos dll/win32/wshtcpip/wshtcpip.c L339-371"],
    tags: ["reliability", "winsock"], precision: "high",
    when: "the result is not checked, or every exception is swallowed, and a targeted profile fails",
  },
  {
    id: "lfp/rejects-einval", level: "error",
    short: "only WSAEOPNOTSUPP is tolerated; any other failure is fatal",
    full: "ReactOS answers WSAEINVAL (its wshtcpip does not know the code), the seed documents WSAEINVAL for a datagram socket, and Windows was seen to answer WSAEINVAL on an already-connected socket (Memurai, Win32_FDAPI.cpp). Code that tolerates only WSAEOPNOTSUPP then aborts, throws or fails the socket: libzmq (wsa_assert), gRPC 1.14-1.19 (socket setup fails), OpenJDK (IOException \"fastLoopback\"). A call behind a Windows 8 version check (IsWindows8OrGreater(), an OSVersion or sys.getwindowsversion() test, an early return) is not reached on windows-7 nor ReactOS (NT 5.2): their answers do not count (docs/lint/version-guards.md); Wine 8.1 and later report Windows 10 and still count.",
    fix: "Treat every failure of this optional call as \"fast path not available\" (log it if useful), not as fatal.",
    sources: ["reactos dll/win32/wshtcpip/wshtcpip.c L339-371", "Memurai src/Win32_Interop/Win32_FDAPI.cpp", "zeromq/libzmq src/tcp.cpp", SEED + ", Return value"],
    tags: ["portability", "reliability", "winsock"], precision: "high",
    when: "only WSAEOPNOTSUPP is tolerated, and a targeted profile answers another error that is then fatal",
  },
  {
    id: "lfp/fails-on-unsupported", level: "error",
    short: "any failure is fatal, WSAEOPNOTSUPP included",
    full: "Windows 7 / Server 2008 R2 and earlier answer WSAEOPNOTSUPP (fedjabosnic/hotfix issue 51, quoting the older MSDN page), and so does Wine; ReactOS answers WSAEINVAL. Code that throws or aborts on any failure breaks there (MSOpenTech redis Win32_FDAPI.cpp throws std::system_error). A call behind a Windows 8 version check (IsWindows8OrGreater(), an OSVersion or sys.getwindowsversion() test, an early return) is not reached on windows-7 nor ReactOS (NT 5.2): their answers do not count (docs/lint/version-guards.md); Wine 8.1 and later report Windows 10 and still count.",
    fix: "Tolerate every failure of this optional call; at least WSAEOPNOTSUPP and WSAEINVAL.",
    sources: ["fedjabosnic/hotfix#51", "wine dlls/ws2_32/socket.c@wine-8.0 L2644-2665", "MSOpenTech/redis src/Win32_Interop/Win32_FDAPI.cpp"],
    tags: ["portability", "reliability", "winsock"], precision: "medium",
    when: "any failure is fatal or fails the operation, WSAEOPNOTSUPP (Windows 7, Wine) included",
  },
  {
    id: "lfp/return-compared-to-error", level: "error",
    short: "the return value, not WSAGetLastError(), is compared with an error code",
    full: "WSAIoctl returns 0 or SOCKET_ERROR (-1); the error is in WSAGetLastError() (WSAIoctl, Return value). Comparing the return value with WSAEOPNOTSUPP never matches, so the tolerated error is treated like any other (gRPC's first draft of enable_loopback_fast_path did this).",
    fix: "Compare WSAGetLastError() with the error code after the call returned SOCKET_ERROR.",
    sources: ["Microsoft, WSAIoctl function, Return value", "grpc/grpc src/core/lib/iomgr/tcp_windows.cc"],
    tags: ["correctness", "winsock"], precision: "high",
    when: "the return value, not `WSAGetLastError()`, is compared with an error code",
  },
  {
    id: "lfp/uses-bytes-returned", level: "warning",
    short: "the value written through lpcbBytesReturned is used",
    full: "No source fixes what a successful call writes there: the seed says it cannot be zero, Windows' set-ioctls write 0 (inferred from Wine's conformance tests), and a failing call leaves it untouched. CPython's socket.ioctl returns this DWORD to Python.",
    fix: "Do not read it; the input has no output.",
    sources: [SEED + ", Parameters (lpcbBytesReturned)", "wine dlls/ws2_32/tests/sock.c@wine-8.0 L5423-5429", "python/cpython Modules/socketmodule.c sock_ioctl"],
    tags: ["correctness", "winsock"], precision: "medium",
    when: "the value written through `lpcbBytesReturned` is read",
  },
  {
    id: "lfp/unused-suppression", level: "note",
    short: "a suppression comment suppresses nothing",
    full: "An `lfp-ignore-next-line <id>` comment whose next line has no finding with that id, or an `lfp-ignore-file` comment in a file without findings, no longer hides anything: the code it was written for changed. Left in place, it would hide a later finding nobody has looked at (ESLint reports unused disable directives for the same reason).",
    fix: "Remove the comment, or the ids in it that suppress nothing.",
    sources: ["README, Lint your code: suppressions"],
    tags: ["maintainability"], precision: "very-high",
    when: "an `lfp-ignore-next-line` or `lfp-ignore-file` comment that suppresses nothing",
  },
  {
    id: "lfp/unknown-suppression", level: "note",
    short: "a suppression comment names no rule of lfp lint",
    full: "An `lfp-ignore-next-line` or `lfp-ignore-file` comment names an id that is not one of lfp lint's rules (a typo, or a rule renamed), or names none where one is required; it suppresses nothing.",
    fix: "Use one of the ids listed by README's rule table (e.g. `lfp/after-connect`), separated by commas, then ` -- ` and the reason.",
    sources: ["README, Lint your code: suppressions"],
    tags: ["maintainability"], precision: "very-high",
    when: "a suppression comment with an id that is not a rule, or without the id it needs",
  },
] as const satisfies readonly RuleSpec[];

/** The id of a rule of lfp lint: the union of the table's ids. */
export type LintRuleId = (typeof RULES)[number]["id"];

/** One rule of the linter. */
export interface LintRule extends RuleSpec { id: LintRuleId }

/** Every rule, in the table's order. Ids are stable: suppressions and configurations key on them. */
export const LINT_RULES: readonly LintRule[] = RULES;

const BY_ID = new Map<string, LintRule>(LINT_RULES.map((r) => [r.id, r]));

/** Is this text the id of a rule? */
export function isLintRuleId(id: string): id is LintRuleId {
  return BY_ID.has(id);
}

/** A rule by id. */
export function lintRule(id: LintRuleId): LintRule {
  return BY_ID.get(id)!;
}

/** The rule's name in file names and SARIF `name` (`after-connect` for `lfp/after-connect`). */
export function ruleSlug(id: LintRuleId): string {
  return id.replace(/^lfp\//, "");
}

/** The help text of a rule as one block (description, fix, sources). */
export function helpText(r: LintRule): string {
  return `${r.full}${r.fix ? `\nFix: ${r.fix}` : ""}\nSources: ${r.sources.join("; ")}.`;
}

/** The help of a rule as Markdown: the page docs/lint/<slug>.md and SARIF `help.markdown`. */
export function helpMarkdown(r: LintRule): string {
  return [
    `# \`${r.id}\` — ${r.short}`,
    "",
    `Default level: **${r.level}**. Reported when: ${r.when}.`,
    "",
    r.full,
    ...(r.fix ? ["", `**Fix.** ${r.fix}`] : []),
    "",
    "**Sources.**",
    "",
    ...r.sources.map((x) => `- ${x}`),
    "",
    `Suppress one finding with a comment on the line before the call: \`// lfp-ignore-next-line ${r.id} -- <reason>\`;`,
    `set its level or turn it off for a project in \`.lfp-lint.json\`: \`{ "rules": { "${r.id}": "off" } }\`.`,
  ].join("\n");
}
