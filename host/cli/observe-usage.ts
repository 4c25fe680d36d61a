// The usage text of lfp observe, apart so `lfp --help` does not load the command.
import { COLOUR_USAGE } from "../colour.js";

export const observeUsage = `Usage: lfp observe --target native|wine [--out FILE] [paths...]
       lfp observe --compare FILE [--profile P] [--json] [paths...]

Record: run every vector (files or folders; default: the package's vectors)
that can run for real on the local ws2_32 and write each actual outcome, with
the Windows build number, to one JSON file (default observations.json).
  --target <t>     native (this Windows) or wine (the Windows Node under Wine)
  --out <file>     where to write the observations

Compare: judge a recorded file against a profile (default: the profile of the
target that recorded it: windows for native, wine for wine): per case, whether
it conforms, and which inferred or choice grades of the model's rules and
precedence cells the observations would turn into observed.
  --compare <file> the observations to judge
  --profile <p>    documented | windows | wine | reactos | windows-7 (default: the
                   recording's)
  --json           one JSON object instead of text
${COLOUR_USAGE}
  -h, --help       this text

The file is written beside FILE and renamed over it: a failure (a full disk)
leaves FILE as it was. A recording in which some case never began is written
to FILE.incomplete instead; one that observed nothing is not written.

Exit status: 0 recorded / every observed case conforms; 1 some case does not
conform, or the recording is incomplete; 2 bad input or usage, or nothing was
observed (nothing recorded, or nothing in the file to judge).`;
