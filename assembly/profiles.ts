// Behaviour profiles: one body of behaviour each (vector-format.md "Profiles"); their
// numbers are part of the ABI (shared/layout.ts).
import { PROFILE_COUNT } from "./abi";
export { P_DOCUMENTED, P_WINDOWS, P_WINE, P_REACTOS, PROFILE_COUNT } from "./abi";

// Read only by the build (assembly/catalogue/source.ts), which packs the names into the model.
// @ts-ignore: decorator
@lazy const NAMES: StaticArray<string> = ["documented", "windows", "wine", "reactos"];
// @ts-ignore: decorator
@lazy const ABOUT: StaticArray<string> = [
  "the seed page and the general WSAIoctl contract taken literally",
  "Windows 8 and later: observed where anything is, else the closest analogue Wine's tests show passing on Windows (marked inferred)",
  "Wine's ws2_32 (6.11 to 9.7) as observed on wine-8.0: the code is unknown to it",
  "ReactOS's ws2_32, msafd and wshtcpip source, as on ReactOS master (Aug 2023; Windivs-Devs/windivs@0985665e)",
];

export function profileCount(): i32 { return PROFILE_COUNT; }
export function profileName(p: i32): string { return p >= 0 && p < NAMES.length ? NAMES[p] : ""; }
export function profileAbout(p: i32): string { return p >= 0 && p < ABOUT.length ? ABOUT[p] : ""; }
