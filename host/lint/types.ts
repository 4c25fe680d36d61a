// The data the linter produces: call sites as read from the code, and findings.
// Plain JSON-serialisable objects, the same in Node and in browsers.
import type { LintRuleId } from "./rules.js";

/** The languages the linter parses. C is parsed with the C++ grammar (a superset for this purpose). */
export type LintLanguage = "cpp" | "c-sharp" | "python" | "go" | "rust";

/** A position in a file: 1-based line and column (column counted in UTF-16 code units, as SARIF's default). */
export interface Position { line: number; column: number }

/** The API a call site goes through. */
export type CallApi = "WSAIoctl" | "WSPIoctl" | "Socket.IOControl" | "socket.ioctl";

/** A value read from the code: known, or unknown with the text that could not be resolved. */
export type Known<T> = { known: true; value: T; text: string } | { known: false; text: string };

/** What lpcbBytesReturned is at the call. */
export type BytesReturnedArg = "null" | "variable" | "pre-filled" | "implicit";

/** The call's arguments as read from the code. */
export interface CallShape {
  api: CallApi;
  /** The control code the call passes (resolved through macros, constants and switch cases). */
  code: Known<number>;
  /** How the code was written (e.g. `SIO_LOOPBACK_FAST_PATH`, `_WSAIOW(IOC_VENDOR, 16)`, `-1744830448`). */
  codeText: string;
  /** The BOOL: the first 4 bytes of the input, as a number; `null` when lpvInBuffer is NULL. */
  bool: Known<number> | null;
  /** cbInBuffer (for .NET and Python: the length the runtime passes). */
  cbIn: Known<number>;
  /** lpvOutBuffer is NULL. */
  outNull: boolean;
  /** cbOutBuffer. */
  cbOut: Known<number>;
  /** lpcbBytesReturned: NULL, a variable, a variable pre-filled with a value, or supplied by the runtime (.NET, Python). */
  bytesReturned: BytesReturnedArg;
  /** The name of the lpcbBytesReturned variable, when there is one. */
  bytesReturnedName: string | null;
  /** lpOverlapped is not NULL. */
  overlapped: boolean;
  /** lpCompletionRoutine is not NULL. */
  completionRoutine: boolean;
}

/** The socket's stage when the call runs. */
export type Stage = "created" | "bound" | "listening" | "connected" | "accepted" | "unknown";
/** The socket's type. */
export type SocketType = "stream" | "datagram" | "unknown";

/** One path by which the socket reaches the call (the enclosing function, or a caller of it in the same file). */
export interface SocketContext {
  stage: Stage;
  type: SocketType;
  /** What the stage was read from, e.g. `connect(s, ...) at line 40`, `s = accept(...) at 12`, `parameter of f; no caller in this file`. */
  evidence: string;
  /** Where the context was found (the call of the helper, or the ioctl itself). */
  at: Position;
  /** The socket is this parameter of this function, which has no caller in the file: its callers elsewhere decide. */
  caller?: { function: string; parameter: number; self?: boolean };
  /** The call that set the stage (the `connect()`, `listen()`, `accept()`); `file` when it is in another file. */
  decidedAt?: { file?: string; start: Position; end: Position; text: string };
  /** The function that creates (or accepts) the socket on this path, and the line: a failure returned out of it fails the socket's setup. */
  createdIn?: { function: string; line: number };
}

/** The error policy around the call. */
export type ErrorPolicy =
  | "ignored"          // the result is discarded
  | "logged"           // a failure is only logged
  | "opnotsupp-only"   // WSAEOPNOTSUPP tolerated, anything else fatal or returned as a failure
  | "fatal"            // any failure is fatal (throw, abort) or fails the operation, WSAEOPNOTSUPP included
  | "swallowed"        // an exception is caught and dropped
  | "returned"         // the error (or the exception) goes to the caller
  | "tolerated"        // the failures that the sources name are all tolerated
  | "unknown";

/** The error handling as read from the code. */
export interface ErrorHandling {
  policy: ErrorPolicy;
  /** Error names the handling tolerates (e.g. WSAEOPNOTSUPP). */
  tolerates: string[];
  /** The return value itself (not WSAGetLastError) is compared with an error code. */
  returnComparedToError: boolean;
  /** Where the policy was read from, for people. */
  evidence: string;
  /** The error goes back to this function's callers, none of which is in the file: callers elsewhere decide. */
  caller?: { function: string };
  /** The functions the error is returned (or thrown) out of, innermost first. */
  through?: string[];
}

/** What the model says for one profile. */
export interface ProfileVerdict {
  profile: string;
  /** 0, -1, or the model's non-numeric results ("crash", ...). */
  ret: number | string;
  /** The error name (`0` when none). */
  error: string;
  /** What *lpcbBytesReturned holds afterwards. */
  bytesReturned: number | string;
  /** The rule that decided, its sources, and its evidence grade when the model's catalogue has one. */
  rule: string;
  source: string;
  grade?: string;
  /** For a scenario: the path of the connection the socket ends up with, and the rule that decided it. */
  path?: string;
  pathRule?: string;
}

/**
 * A version check the call needs (`if (IsWindows8OrGreater())`, an early `return` below 6.2, or
 * the same around every call of its function): the profiles whose reported Windows version
 * fails it do not run the call (docs/lint/version-guards.md).
 */
export interface VersionGuard {
  /** The deciding condition as written, `!(...)` when the call needs it false (an early return). */
  condition: string;
  start: Position;
  end: Position;
  /** The file of the condition when it is not the call site's (a caller in another file). */
  file?: string;
  /** The profiles on which the call is not reached, with the version each reports. */
  notReached: { profile: string; reports: string }[];
  /** How the guard reaches the call when it is in its callers, e.g. `around the only call of f() (line 12)`. */
  via?: string;
}

/** The model's answers for one call site. */
export interface ModelAnswer {
  /** The call alone (the call check), one verdict per profile. */
  call: ProfileVerdict[];
  /** The call in the scenario rebuilt from the stage, per profile; null when the stage is unknown. */
  scenario: ProfileVerdict[] | null;
  /** The stage the scenario played. */
  stage: Stage;
  /** The call as given to the model (the host API's Call object). */
  modelCall: Record<string, unknown>;
  /** Targeted profiles left out of `call` and `scenario` because a version guard keeps the call from running there. */
  notReached?: { profile: string; reports: string }[];
}

/** A finding's severity, as SARIF names them. */
export type Level = "error" | "warning" | "note";

/** A place that explains a finding (SARIF relatedLocations): the call that set the socket's stage, or the version check that guards the call. */
export interface RelatedLocation { file: string; start: Position; end: Position; message: string; kind?: "stage" | "guard" }

/** One finding at one call site (or, for suppression comments, at the comment). */
export interface Finding {
  /** A stable id, e.g. `lfp/after-connect`. */
  id: LintRuleId;
  level: Level;
  /** One line. */
  message: string;
  file: string;
  /** The start of the call expression. */
  start: Position;
  end: Position;
  /** The model's verdicts that decide this finding (rule, sources, grade per profile). */
  evidence: ProfileVerdict[];
  /** A fix, when one exists. */
  fix?: string;
  /** The calls that decide it (the `connect()` or `listen()` before the ioctl). */
  related?: RelatedLocation[];
  /** Hidden by an inline comment: the comment's reason and place (SARIF suppressions[], kind inSource). */
  suppressed?: { justification: string; at: Position };
  /** With a baseline: whether the baseline had it. */
  baselineState?: "new" | "unchanged";
}

/** A call site with everything read about it. */
export interface CallSite {
  file: string;
  language: LintLanguage;
  start: Position;
  end: Position;
  /** The call expression's text (shortened). */
  text: string;
  /** The enclosing function's name, when there is one. */
  function: string | null;
  shape: CallShape;
  sockets: SocketContext[];
  errors: ErrorHandling;
  /** The value written through lpcbBytesReturned (or returned by socket.ioctl) is read after the call. */
  usesBytesReturned: boolean;
  /** A Windows 8 (or later) version check the call needs, when there is one. */
  guard?: VersionGuard;
  model: ModelAnswer;
  findings: Finding[];
}

/** A file the linter could not read or parse (or, as a note, read with a remark), with the reason. */
export interface FileProblem { file: string; reason: string }

/** The result of linting a set of files. */
export interface LintReport {
  /** The project root the paths are relative to (absolute; the nearest folder with `.git` or a configuration). */
  root?: string;
  sites: CallSite[];
  /** Findings at no call site: suppression comments that suppress nothing or name no rule. */
  extra?: Finding[];
  /** Files that could not be linted: each fails the run. */
  problems: FileProblem[];
  /** Files linted with a remark (e.g. invalid UTF-8, read with replacement characters). */
  notes?: FileProblem[];
  /** Files in a language lint does not read (F#, VB.NET, Delphi, ...) that mention the code. */
  notLinted?: { file: string; language: string }[];
  /** Files looked at, files that passed the byte search and were parsed, bytes read; the callers' pass: files read and parsed. */
  stats: { files: number; parsed: number; bytes: number; ms: number; callerFiles?: number; callerParsed?: number };
}
