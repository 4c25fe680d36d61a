// What the parent hands a child process: the cases to play and, per case, the
// steps the target cannot run (decided by the runner from the target's declared
// features; the child only obeys).
import type { LoadedCase } from "../../vectors.js";
import type { OptionNumbers } from "./player.js";

/** One case of a job. */
export interface JobCase { case: LoadedCase; skip: number[] }

/** A job: an empty list tells a warm spare it is not needed and may end. */
export interface Job { cases: JobCase[]; names: OptionNumbers }
