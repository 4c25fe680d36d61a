// What Windows version each profile reports to a program, with its source: the facts a
// version guard (`if (IsWindows8OrGreater())`) is evaluated against. The model knows
// Winsock, not version reporting, so this small table lives with the linter; a test
// checks that it names every profile of the model.

/** A reported version: major, minor, build (what GetVersionEx/RtlGetVersion, .NET's Environment.OSVersion and Python's sys.getwindowsversion() give). */
export type WinVersion = readonly [number, number, number];

/** The versions a profile may report, and why. */
export interface ProfileVersions {
  versions: readonly WinVersion[];
  /** For people: what the profile reports (shown as "reports ..."). */
  reports: string;
  source: string;
}

/** Windows 8 and later as released (8, 8.1, 10, 11). */
const WIN8_AND_LATER: readonly WinVersion[] = [[6, 2, 9200], [6, 3, 9600], [10, 0, 19045], [10, 0, 22631]];

/** Per profile of the model. A version check is evaluated against every version of the list; the call is "not reached" on a profile only when it fails for all of them. */
export const PROFILE_VERSIONS: Record<string, ProfileVersions> = {
  documented: {
    versions: [[6, 0, 6002], [6, 1, 7601], ...WIN8_AND_LATER], reports: "NT 6.0 (Vista) and later",
    source: "the seed's metadata: req.target-min-winverclnt: Windows Vista, req.target-min-winversvr: Windows Server 2008",
  },
  windows: {
    versions: WIN8_AND_LATER, reports: "NT 6.2 (Windows 8) and later",
    source: "the windows profile is Windows 8 and later (assembly/profiles.ts); without a compatibility manifest Windows 8.1 and later report 6.2 to GetVersionEx/VerifyVersionInfo, still 8 or later",
  },
  "windows-7": {
    versions: [[6, 1, 7601], [6, 1, 7600], [6, 0, 6002], [5, 2, 3790], [5, 1, 2600]], reports: "NT 6.1 (Windows 7) and earlier",
    source: "the windows-7 profile is Windows 7 / Server 2008 R2 and earlier (assembly/profiles.ts; fedjabosnic/hotfix#51)",
  },
  wine: {
    versions: [[6, 1, 7601], [10, 0, 19043]], reports: "Windows 7 on Wine 6.11-8.0, Windows 10 from Wine 8.1, what winecfg sets",
    source: "wine dlls/ntdll/version.c@wine-8.0 L470 (current_version = &VersionData[WIN7]); wine commit 69154f0329a \"ntdll: Default to Windows 10.\" (first in wine-8.1; dlls/ntdll/version.c@wine-9.0 L494, VersionData[WIN10] = 10.0.19043)",
  },
  reactos: {
    versions: [[5, 2, 3790]], reports: "NT 5.2, as Windows Server 2003",
    source: "ReactOS reports NT 5.2: sdk/include/psdk/ntverp.h L25-26 (VER_PRODUCTMAJORVERSION 5, VER_PRODUCTMINORVERSION 2) at Windivs-Devs/windivs@0985665e, the tree the reactos profile reads; dll/ntdll/rtl/version.c RtlGetVersion returns the PEB's version",
  },
};

/** The release name Python's platform.release() gives for a version (Lib/platform.py, _WIN32_CLIENT_RELEASES). */
export function releaseName(v: WinVersion): string {
  const [maj, min, build] = v;
  if (maj >= 10) return build >= 22000 ? "11" : "10";
  if (maj === 6) return ["Vista", "7", "8", "8.1"][min] ?? "post8.1";
  if (maj === 5) return ["2000", "XP", "2003Server"][min] ?? "post2003";
  return `${maj}.${min}`;
}
