// lfp lint and version guards (docs/lint/version-guards.md), on snippets written for these
// tests in the shapes of real files: a call only reached on Windows 8 or later is not reached
// on windows-7 nor reactos, and their answers make no finding; Wine (Windows 10 from 8.1)
// still counts; a check the other way round, or one not understood, changes nothing.
// Real files of these shapes: MSOpenTech/redis and Memurai Win32_FDAPI.cpp (IsWindowsVersionAtLeast(6, 2, 0),
// IsAtLeastWindows_6_2(), WindowsVersion::getInstance().IsAtLeast_6_2(), IsWindowsVersionAtLeast(HIBYTE(_WIN32_WINNT_WIN8), ...)),
// librapid socket.cpp (IsWindows8OrGreater()), StackExchange.Redis SocketManager.cs, Pipelines.Sockets.Unofficial
// SocketConnection.cs and dotnet/orleans SocketExtensions.cs (osVersion.Major > 6 || ... Minor >= 2).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { model, setUp } from "./helpers.js";
import { nodeLinter, lintPaths } from "../host/lint/node.js";
import { toSarif } from "../host/lint/sarif.js";
import { versionFromName } from "../host/lint/guard.js";
import { PROFILE_VERSIONS } from "../host/lint/versions.js";
import type { CallSite, LintLanguage } from "../host/lint/types.js";
import type { Linter } from "../host/lint/engine.js";
import { sarifValidator } from "./sarif-check.js";

let linter: Linter;
const one = async (lang: LintLanguage, text: string, l = linter): Promise<CallSite> => {
  const r = await l.lintSource("snippet", lang, text);
  assert.is(r.sites.length, 1, `one call site in:\n${text}`);
  return r.sites[0];
};
const notReached = (s: CallSite) => s.model.notReached?.map((p) => p.profile) ?? [];
const ids = (s: CallSite) => s.findings.map((f) => f.id);
const C = (cond: string, extra = "") => `void f(SOCKET s) {\n  int on = 1; DWORD n;${extra}\n  if (${cond}) {\n    if (WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &on, 4, NULL, 0, &n, NULL, NULL) != 0) abort();\n  }\n}\n`;
const CS = (cond: string, members = "") => `class A {${members}\n  void F(Socket s) {\n    if (${cond}) s.IOControl(-1744830448, BitConverter.GetBytes(1), null);\n  }\n}\n`;
const PY = (body: string) => `import socket, sys, platform\ndef f(s):\n${body.split("\n").map((l) => `    ${l}`).join("\n")}\n`;
const PYCALL = "s.ioctl(socket.SIO_LOOPBACK_FAST_PATH, True)";

const t = suite("lfp lint: Windows 8 version guards");

setUp(t, async () => {
  linter = nodeLinter(await model());
});

t("every profile of the model has the versions it reports, with a source", async () => {
  const m = await model();
  assert.equal(Object.keys(PROFILE_VERSIONS).sort(), [...m.profiles].sort());
  for (const [p, v] of Object.entries(PROFILE_VERSIONS)) assert.ok(v.versions.length && v.source && v.reports, p);
  // Wine reports Windows 10 from 8.1 on: a Windows 8 check lets the call run there.
  assert.ok(PROFILE_VERSIONS.wine.versions.some((v) => v[0] >= 10));
  assert.ok(PROFILE_VERSIONS.reactos.versions.every((v) => v[0] === 5 && v[1] === 2));
});

t("C/C++: VersionHelpers, IsWindowsVersionOrGreater with HIBYTE/LOBYTE, OSVERSIONINFO fields, helpers named so", async () => {
  for (const cond of [
    "IsWindows8OrGreater()", "IsWindows8Point1OrGreater()", "IsWindows10OrGreater() && g_enabled",
    "IsWindowsVersionOrGreater(HIBYTE(_WIN32_WINNT_WIN8), LOBYTE(_WIN32_WINNT_WIN8), 0)", "IsWindowsVersionAtLeast(6, 2, 0)",
    "osvi.dwMajorVersion > 6 || (osvi.dwMajorVersion == 6 && osvi.dwMinorVersion >= 2)",
    "IsAtLeastWindows_6_2()", "WindowsVersion::getInstance().IsAtLeast_6_2()", "IsWin8OrLater()", "win8",
  ]) {
    const s = await one("cpp", C(cond, cond === "win8" ? "\n  const bool win8 = IsWindows8OrGreater();" : ""));
    assert.equal(notReached(s), ["windows-7", "reactos"], cond);
    assert.equal(s.model.call.map((v) => v.profile), ["documented", "windows", "wine"], cond);
    assert.ok(s.guard && s.guard.start.line >= 3, cond);
  }
});

t("the finding says what is not reached; wine's WSAEOPNOTSUPP still makes it", async () => {
  const s = await one("cpp", C("IsWindows8OrGreater()"));
  const f = s.findings.find((x) => x.id === "lfp/fails-on-unsupported")!;
  assert.ok(f);
  assert.equal(f.evidence.map((v) => v.profile), ["wine"]);
  assert.match(f.message, /wine answers WSAEOPNOTSUPP; not reached on windows-7, reactos: guarded by IsWindows8OrGreater\(\) at line 3$/);
  assert.equal(f.related?.map((r) => [r.kind, r.start.line]), [["guard", 3]]);
  // Without the guard, windows-7 and reactos answer too.
  const bare = await one("cpp", C("true"));
  assert.equal(bare.findings.find((x) => x.id === "lfp/fails-on-unsupported")!.evidence.map((v) => v.profile), ["wine", "reactos", "windows-7"]);
  assert.equal(notReached(bare), []);
  // A project that targets only windows and windows-7: the guarded fatal call makes no finding at all.
  const win = nodeLinter(await model(), { profiles: ["windows", "windows-7"] });
  const w = await one("cpp", C("IsWindows8OrGreater()"), win);
  assert.equal(ids(w), ["lfp/deprecated"]);
  assert.equal(notReached(w), ["windows-7"]);
});

t("checks the other way round, for Windows 7 or Vista, or not understood: every profile stays", async () => {
  for (const cond of ["!IsWindows8OrGreater()", "IsWindows7OrGreater()", "IsWindowsVersionOrGreater(6, 1, 0)", "g_useFastPath", "IsWindows8()", "SupportsFastPath()", "IsWindows8OrGreater() || force"]) {
    const s = await one("cpp", C(cond));
    assert.equal([s.guard, notReached(s)], [undefined, []], cond);
    assert.ok(ids(s).includes("lfp/fails-on-unsupported"), cond);
  }
});

t("else branches, early returns and ?: count; the condition shown is the one the call needs", async () => {
  const els = await one("cpp", "void f(SOCKET s) { int on = 1; DWORD n;\n if (!IsWindows8OrGreater()) { legacy(); } else { WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &on, 4, NULL, 0, &n, NULL, NULL); } }");
  assert.equal([els.guard?.condition, notReached(els)], ["IsWindows8OrGreater()", ["windows-7", "reactos"]]);
  const early = await one("cpp", "void f(SOCKET s) {\n  if (!IsWindows8OrGreater())\n    return;\n  int on = 1; DWORD n;\n  WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &on, 4, NULL, 0, &n, NULL, NULL);\n}");
  assert.equal([early.guard?.condition, early.guard?.start.line], ["IsWindows8OrGreater()", 2]);
  const py = await one("python", PY(`if sys.getwindowsversion()[:2] < (6, 2):\n    return\n${PYCALL}`));
  assert.equal([py.guard?.condition, notReached(py)], ["!(sys.getwindowsversion()[:2] < (6, 2))", ["windows-7", "reactos"]]);
});

t(".NET: Environment.OSVersion, new Version, CompareTo, OperatingSystem.IsWindowsVersionAtLeast, a property or field", async () => {
  for (const [cond, members] of [
    ["Environment.OSVersion.Version >= new Version(6, 2)", ""],
    ["Environment.OSVersion.Version.CompareTo(new Version(\"6.2\")) >= 0", ""],
    ["(Environment.OSVersion.Version.Major > 6) || ((Environment.OSVersion.Version.Major == 6) && (Environment.OSVersion.Version.Minor >= 2))", ""],
    ["OperatingSystem.IsWindowsVersionAtLeast(6, 2)", ""],
    ["OperatingSystem.IsWindowsVersionAtLeast(10)", ""],
    ["IsWin8", "\n  static bool IsWin8 => Environment.OSVersion.Version >= new Version(6, 2, 0, 0);"],
    ["s_fast", "\n  static readonly bool s_fast = Environment.OSVersion.Version.Major >= 10;"],
  ]) {
    const s = await one("c-sharp", CS(cond, members));
    assert.equal(notReached(s), ["windows-7", "reactos"], cond);
  }
  // A variable holding the version (the shape of StackExchange.Redis and Orleans).
  const v = await one("c-sharp", `class A { void F(Socket s) {\n  var osVersion = Environment.OSVersion.Version;\n  if (osVersion.Major > 6 || osVersion.Major == 6 && osVersion.Minor >= 2)\n  {\n    try { s.IOControl(-1744830448, BitConverter.GetBytes(1), null); } catch { }\n  }\n} }`);
  assert.equal(notReached(v), ["windows-7", "reactos"]);
  const f = v.findings.find((x) => x.id === "lfp/errors-ignored")!;
  assert.match(f.message, /the call fails on wine \(WSAEOPNOTSUPP\) here; not reached on windows-7, reactos: guarded by osVersion\.Major > 6/);
  const platform = await one("c-sharp", CS("RuntimeInformation.IsOSPlatform(OSPlatform.Windows)"));
  assert.equal(notReached(platform), []);
});

t("Python: sys.getwindowsversion(), platform.release(), a helper function; hasattr is not a version check", async () => {
  for (const body of [
    `if sys.getwindowsversion() >= (6, 2):\n    ${PYCALL}`,
    `v = sys.getwindowsversion()\nif v.major > 6 or (v.major == 6 and v.minor >= 2):\n    ${PYCALL}`,
    `if sys.getwindowsversion()[0] >= 10:\n    ${PYCALL}`,
    `if platform.release() in ('8', '8.1', '10', '11'):\n    ${PYCALL}`,
  ]) {
    const s = await one("python", PY(body));
    assert.equal(notReached(s), ["windows-7", "reactos"], body);
  }
  const helper = await one("python", `import socket, sys\ndef fast_path_available():\n    return sys.getwindowsversion() >= (6, 2)\ndef f(s):\n    if not fast_path_available():\n        return\n    ${PYCALL}\n`);
  assert.equal([helper.guard?.condition, notReached(helper)], ["fast_path_available()", ["windows-7", "reactos"]]);
  for (const body of [`if hasattr(socket, 'SIO_LOOPBACK_FAST_PATH'):\n    ${PYCALL}`, `if sys.platform == 'win32':\n    ${PYCALL}`, `if platform.release() != 'XP':\n    ${PYCALL}`]) {
    assert.equal(notReached(await one("python", PY(body))), [], body);
  }
});

t("names: an 'at least' word and a version, or nothing", () => {
  const cases: [string, number[] | null][] = [
    ["IsAtLeastWindows_6_2", [6, 2, 0]], ["IsAtLeast_6_2", [6, 2, 0]], ["IsWin8OrLater", [6, 2, 0]], ["isWindows81OrNewer", [6, 3, 0]],
    ["IsWindows8Point1OrGreater", [6, 3, 0]], ["is_windows_10_or_greater", [10, 0, 0]], ["IsWinServer2012OrLater", [6, 2, 0]],
    ["Win7AndUp", [6, 1, 0]], ["IsWin8_1OrLater", [6, 3, 0]], ["IsWindows_10_0_OrGreater", [10, 0, 0]], ["IsWindows8", null], ["SupportsFastPath", null], ["IsWindowVisibleOrHigher", null], ["bufferSizeMin", null],
  ];
  for (const [name, v] of cases) assert.equal(versionFromName(name), v, name);
});

t("callers: a helper called only under a guard (same file, another file), and one caller without", async () => {
  const same = await linter.lintSource("a.c", "cpp", `static void enable(SOCKET s) { int on = 1; DWORD n; if (WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &on, 4, NULL, 0, &n, NULL, NULL)) abort(); }
void a(void) { SOCKET s = socket(AF_INET, SOCK_STREAM, 0); if (IsWindows8OrGreater()) enable(s); }
void b(void) { SOCKET s = socket(AF_INET, SOCK_STREAM, 0); if (IsWindowsVersionOrGreater(6, 2, 0)) { enable(s); } }`);
  assert.equal(notReached(same.sites[0]), ["windows-7", "reactos"]);
  assert.match(same.sites[0].guard?.via ?? "", /first of the guards around each of the 2 calls of enable\(\) \(lines 2, 3\)/);
  const mixed = await linter.lintSource("a.c", "cpp", `static void enable(SOCKET s) { int on = 1; DWORD n; WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &on, 4, NULL, 0, &n, NULL, NULL); }
void a(void) { SOCKET s = socket(AF_INET, SOCK_STREAM, 0); if (IsWindows8OrGreater()) enable(s); }
void b(void) { SOCKET s = socket(AF_INET, SOCK_STREAM, 0); enable(s); }`);
  assert.equal(notReached(mixed.sites[0]), []);
  // The helper in one file, its only caller under a guard in another: linting the helper's file alone finds it.
  const dir = mkdtempSync(join(tmpdir(), "lfp-lint-guard-"));
  writeFileSync(join(dir, ".lfp-lint.json"), "{}\n");
  writeFileSync(join(dir, "fast.cpp"), "void EnableFastLoopback(SOCKET s) {\n  int on = 1; DWORD n = 0;\n  if (WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &on, sizeof(on), NULL, 0, &n, NULL, NULL) == SOCKET_ERROR)\n    throw std::runtime_error(\"fast path\");\n}\n");
  writeFileSync(join(dir, "conn.cpp"), "SOCKET Connect(const sockaddr* a, int len) {\n  SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);\n  if (IsWindows8OrGreater())\n    EnableFastLoopback(s);\n  connect(s, a, len);\n  return s;\n}\n");
  const report = await lintPaths(linter, [join(dir, "fast.cpp")], dir);
  const s = report.sites[0];
  assert.equal([s.sockets.map((c) => c.stage), notReached(s), s.guard?.file, s.guard?.start.line], [["created"], ["windows-7", "reactos"], "conn.cpp", 3]);
  const f = s.findings.find((x) => x.id === "lfp/fails-on-unsupported")!;
  assert.equal(f.evidence.map((v) => v.profile), ["wine"]);
  // SARIF carries it: the guard as a related location in conn.cpp, the guard and the profiles left out as properties.
  const log = toSarif(report, { version: "test" }) as { runs: { results: { ruleId: string; message: { text: string }; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; properties: { versionGuard?: { condition: string }; notReached?: { profile: string }[] } }[] }[] };
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
  const r = log.runs[0].results.find((x) => x.ruleId === "lfp/fails-on-unsupported")!;
  assert.equal(r.relatedLocations?.map((l) => [l.physicalLocation.artifactLocation.uri, l.physicalLocation.region.startLine]), [["conn.cpp", 3]]);
  assert.match(r.message.text, /Guarded by \[this version check\]\(1\)\.$/);
  assert.is(r.properties.versionGuard?.condition, "IsWindows8OrGreater()");
  assert.equal(r.properties.notReached?.map((p) => p.profile), ["windows-7", "reactos"]);
});

t.run();
