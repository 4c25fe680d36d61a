// The Call an ioctl step describes: shared by every target (the model's scenario
// and the native players build the same call from the same fields).
import type { Call } from "../../host/call.js";
import type { Step } from "./vectors.js";

/** The fields of an ioctl step that make the Call. */
export function callOf(step: Step): Omit<Call, "handle" | "overlappedSocket" | "startup"> {
  const call: Record<string, unknown> = {};
  for (const k of ["api", "code", "in", "cbIn", "out", "cbOut", "bytesReturned", "overlapped", "completionRoutine", "threadId", "errno"] as const) {
    if (step[k] !== undefined) call[k] = step[k];
  }
  return call;
}
