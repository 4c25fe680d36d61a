// The Call an ioctl step describes: shared by every target (the model's scenario
// and the native players build the same call from the same fields, host/call.ts IOCTL_FIELDS).
import { ioctlCallOf, type IoctlCall } from "../../host/call.js";
import type { Step } from "./vectors.js";

/** The fields of an ioctl step that make the Call. */
export function callOf(step: Step): IoctlCall {
  return ioctlCallOf(step);
}
