// What an ioctl step's `socket` names: a socket of the case, one an earlier step
// closed ("closed:<name>"), a handle that is no socket, or INVALID_SOCKET. Parsed
// once, by the vector parser, into a structured value every target reads.

/** The handle an ioctl step is made on. */
export type SocketRef =
  | { kind: "socket"; name: string }
  | { kind: "closed"; name: string }
  | { kind: "not-a-socket" }
  | { kind: "invalid-socket" };

/** Read a step's `socket` text. */
export function socketRef(text: string): SocketRef {
  if (text === "not-a-socket" || text === "invalid-socket") return { kind: text };
  if (text.startsWith("closed:")) return { kind: "closed", name: text.slice("closed:".length) };
  return { kind: "socket", name: text };
}

/** The socket of the case a reference names, if any (a closed one included). */
export function refName(ref: SocketRef): string | undefined {
  return ref.kind === "socket" || ref.kind === "closed" ? ref.name : undefined;
}

/** An ioctl step's reference: as the parser read it, or read now (a case built without the parser). */
export function stepRef(step: { ref?: SocketRef; socket?: string }): SocketRef {
  return step.ref ?? socketRef(step.socket ?? "");
}
