// The linter's generated documentation, from its rule table (host/lint/rules.ts): README's
// table of rule ids, and one page per rule in docs/lint/ (the SARIF helpUri of each rule
// points there; docs/ ships in the package). `npm run docs` writes them; a test fails when
// they differ from what this prints.
import { LINT_RULES, helpMarkdown, ruleSlug } from "../host/lint/rules.js";
import { HELPERS } from "../host/lint/guard.js";
import { PROFILE_VERSIONS } from "../host/lint/versions.js";

/** README's table: id (linked to its page), default level, when it reports. */
export function lintRulesMarkdown(): string {
  const rows = LINT_RULES.map((r) => `| [\`${r.id}\`](docs/lint/${ruleSlug(r.id)}.md) | ${r.level} | ${r.when} |`);
  return ["| id | level | when |", "| --- | --- | --- |", ...rows].join("\n");
}

/** docs/lint/<slug>.md for every rule, docs/lint/version-guards.md, and docs/lint/README.md listing them; file name → content. */
export function lintRulePages(): Record<string, string> {
  const pages: Record<string, string> = {};
  for (const r of LINT_RULES) pages[`${ruleSlug(r.id)}.md`] = `${helpMarkdown(r)}\n\n<!-- generated from host/lint/rules.ts by npm run docs -->\n`;
  pages["version-guards.md"] = `${versionGuardsMarkdown()}\n\n<!-- generated from host/lint/guard.ts and host/lint/versions.ts by npm run docs -->\n`;
  pages["README.md"] = [
    "# lfp lint rules",
    "",
    "One page per rule of `lfp lint` (SARIF `helpUri`). Generated from `host/lint/rules.ts` by `npm run docs`.",
    "",
    "| id | level | short |",
    "| --- | --- | --- |",
    ...LINT_RULES.map((r) => `| [\`${r.id}\`](${ruleSlug(r.id)}.md) | ${r.level} | ${r.short} |`),
    "",
    "How a Windows 8 version check around a call keeps the windows-7 and reactos profiles out of its findings: [version-guards.md](version-guards.md).",
    "",
  ].join("\n");
  return pages;
}

/** docs/lint/version-guards.md: what is read as a version guard, and what each profile reports (generated from the tables above and versions.ts). */
export function versionGuardsMarkdown(): string {
  const helpers = Object.entries(HELPERS).map(([n, v]) => `\`${n}()\` (${v[0]}.${v[1]})`).join(", ");
  return [
    "# Version guards in `lfp lint`",
    "",
    "A call only reached on Windows 8 or later does not run where the reported Windows version is older. `lfp lint` reads",
    "the conditions on the way to each call and evaluates them for every version a profile reports (below). A profile on",
    "which every reported version fails a condition is **not reached**: its answer (windows-7's WSAEOPNOTSUPP, ReactOS's",
    "WSAEINVAL) leaves the verdicts and makes no finding, and the text, JSON (`guard`, `model.notReached`) and SARIF",
    "(`properties.versionGuard`, `properties.notReached`, a related location on the condition) say",
    "`not reached on windows-7, reactos: guarded by IsWindows8OrGreater() at line N`.",
    "",
    "A condition counts only when it keeps out every version before Windows 8 (6.2) and lets some version from 8 on",
    "through. A check the other way round (`if (!IsWindows8OrGreater()) call`), a check for Windows 7 or Vista, or a",
    "condition lint does not understand changes nothing: every profile stays.",
    "",
    "## What is read",
    "",
    "- Where: `if`/`else`/`elif` around the call, `&&`/`and` and `||`/`or` before it, `?:`, and an earlier",
    "  `if (...) return;` (or `throw`, `break`, `continue`, `goto`) in the blocks around it. When the call's function has",
    "  no condition of its own, the guards around **every** call of that function in the file (up to 3 levels), or, with",
    "  no caller in the file, around every call in the project's other files: a profile is not reached only when no path",
    "  reaches the call on it.",
    `- VersionHelpers.h: ${helpers}; \`IsWindowsVersionOrGreater(major, minor, sp)\` and .NET 5's`,
    "  `OperatingSystem.IsWindowsVersionAtLeast(major, minor, ...)` (first two arguments; `HIBYTE(_WIN32_WINNT_WIN8)`,",
    "  `LOBYTE(...)` and the sdkddkver.h constants are evaluated).",
    "- .NET: `Environment.OSVersion.Version` (and a variable holding it) compared with `new Version(6, 2)`,",
    "  `Version.Parse(\"6.2\")`, or through `.Major`/`.Minor`/`.Build`, `CompareTo(...)`.",
    "- C: `OSVERSIONINFO(EX)` fields `dwMajorVersion`/`dwMinorVersion`/`dwBuildNumber`.",
    "- Python: `sys.getwindowsversion()` compared as a tuple (`>= (6, 2)`, `[:2]`), by index or `.major`/`.minor`/`.build`;",
    "  `platform.release()` compared with release names (`in ('8', '8.1', '10')`), as Lib/platform.py names them.",
    "- Helpers: a function, method, property, field or variable whose **name** says \"at least\" (`OrGreater`, `OrLater`,",
    "  `OrAbove`, `OrNewer`, `OrHigher`, `AndUp`, `AndLater`, `AtLeast`, `Plus`, `Min`) and names a version: `IsWin8OrLater`,",
    "  `IsAtLeastWindows_6_2`, `IsAtLeast_6_2`, `is_windows_10_or_greater`, `Windows81OrGreater`, `IsWinServer2012OrLater`",
    "  (NT numbers `6_2`, marketing numbers 7, 8, 8.1/81/8Point1, 10, 11, XP, Vista, Server 2008/2012/2016/2019/2022).",
    "  A name without both is not taken on its name (`IsWindows8`, `SupportsFastPath`); then a variable's value, or the",
    "  single returned expression of a parameterless function or property of the same file, is read instead",
    "  (`static bool IsWin8 => Environment.OSVersion.Version >= new Version(6, 2);`).",
    "",
    "## Not read as a version guard",
    "",
    "Platform checks (`RuntimeInformation.IsOSPlatform`, `sys.platform`, `os.name`, `#ifdef _WIN32`), `hasattr(socket,",
    "'SIO_LOOPBACK_FAST_PATH')` (CPython defines the constant on any Windows), compile-time `#if _WIN32_WINNT >= ...`",
    "(it selects headers, not the system the program runs on), Go's `windows.RtlGetVersion()`/`RtlGetNtVersionNumbers()`,",
    "Java's `os.version` (Java is not linted), and anything else not listed above.",
    "",
    "## What each profile reports",
    "",
    "| profile | reports | source |",
    "| --- | --- | --- |",
    ...Object.entries(PROFILE_VERSIONS).map(([p, v]) => `| \`${p}\` | ${v.reports} (read as ${v.versions.map((x) => x.join(".")).join(", ")}) | ${v.source} |`),
    "",
    "Wine reports Windows 10 from 8.1 on, so a Windows 8 check lets the call run there: Wine's WSAEOPNOTSUPP still",
    "makes findings. Without a compatibility manifest, Windows 8.1 and later report 6.2 to `GetVersionEx` and",
    "`VerifyVersionInfo` (so `IsWindows8Point1OrGreater()`/`IsWindows10OrGreater()` answer false there); lint does not",
    "know the manifest and keeps the windows profile reached.",
  ].join("\n");
}
