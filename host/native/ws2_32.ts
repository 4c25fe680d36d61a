// koffi bindings for the part of ws2_32.dll the native driver uses. Runs only
// in a Windows Node (on Windows, or the Windows build under Wine). Every
// pointer parameter is declared uintptr_t: the driver passes addresses of
// memory it allocated itself (stable, sized), 0 for NULL, or nothing else.

/** The subset of koffi's API the driver uses (koffi is loaded at run time). */
export interface Koffi {
  load(path: string): { func(proto: string): (...args: unknown[]) => unknown };
  alloc(type: string, length: number): unknown;
  free(ptr: unknown): void;
  address(ptr: unknown): bigint;
  view(ptr: unknown, length: number): ArrayBuffer;
  proto(definition: string): unknown;
  pointer(type: unknown): unknown;
  register(fn: (...args: never[]) => unknown, type: unknown): bigint;
  unregister(ptr: bigint): void;
  version: string;
}

export const INVALID_SOCKET = 0xffffffffffffffffn;
export const WSA_FLAG_OVERLAPPED = 0x01;
export const WSA_IO_PENDING = 997;
export const WSA_IO_INCOMPLETE = 996;
export const FIONBIO = 0x8004667e;
export const WSAEWOULDBLOCK = 10035;
/** The Winsock errors a completion's NTSTATUS maps to (ntstatus.ts). */
export const WSAEFAULT = 10014;
export const WSAEINVAL = 10022;
export const WSAENOTSOCK = 10038;
export const WSAEOPNOTSUPP = 10045;
export const WSA_OPERATION_ABORTED = 995;

// winsock2.h / ws2def.h values the native player passes (x64 layouts).
/** WSAStartup's wVersionRequested: Winsock 2.2. */
export const WINSOCK_2_2 = 0x202;
/** Room for a WSADATA (408 bytes on x64). */
export const WSADATA_BYTES = 512;
export const AF_INET = 2;
export const AF_INET6 = 23;
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
/** listen()'s "as many as the system allows". */
export const SOMAXCONN = 0x7fffffff;
/** sockaddr_in: sin_family (u16, host order), sin_port (u16, network order), sin_addr; 16 bytes. */
export const SOCKADDR_IN = { bytes: 16, family: 0, port: 2, addr: 4 } as const;
/** sockaddr_in6: sin6_family, sin6_port as in sockaddr_in, sin6_addr at 8; 28 bytes. */
export const SOCKADDR_IN6 = { bytes: 28, family: 0, port: 2, addr: 8 } as const;
/** WSAOVERLAPPED: Internal (the NTSTATUS), InternalHigh (bytes transferred), hEvent; 32 bytes. */
export const OVERLAPPED = { bytes: 32, internal: 0, internalHigh: 8, hEvent: 24 } as const;
/** WSAWaitForMultipleEvents: the first event was signalled. */
export const WSA_WAIT_EVENT_0 = 0;
/** SleepEx's alertable argument. */
export const ALERTABLE = 1;
export const NOT_ALERTABLE = 0;
/** OpenThread's access right to wait for the thread's end. */
export const SYNCHRONIZE = 0x00100000;
/** WaitForSingleObject: the object was signalled (a thread: it ended). */
export const WAIT_OBJECT_0 = 0;

/** The ws2_32 (and kernel32) functions, typed. Addresses are bigint; handles bigint. */
export interface Ws2_32 {
  WSAStartup(version: number, data: bigint): number;
  WSACleanup(): number;
  WSAGetLastError(): number;
  WSASetLastError(code: number): void;
  WSASocketW(af: number, type: number, protocol: number, info: bigint, group: number, flags: number): bigint;
  closesocket(s: bigint): number;
  bind(s: bigint, addr: bigint, len: number): number;
  listen(s: bigint, backlog: number): number;
  connect(s: bigint, addr: bigint, len: number): number;
  accept(s: bigint, addr: bigint, len: bigint): bigint;
  getsockname(s: bigint, addr: bigint, len: bigint): number;
  setsockopt(s: bigint, level: number, name: number, value: bigint, len: number): number;
  getsockopt(s: bigint, level: number, name: number, value: bigint, len: bigint): number;
  ioctlsocket(s: bigint, cmd: number, arg: bigint): number;
  send(s: bigint, buf: bigint, len: number, flags: number): number;
  recv(s: bigint, buf: bigint, len: number, flags: number): number;
  WSAIoctl(s: bigint, code: number, inBuf: bigint, cbIn: number, outBuf: bigint, cbOut: number, bytesReturned: bigint, overlapped: bigint, routine: bigint): number;
  WSACreateEvent(): bigint;
  WSACloseEvent(e: bigint): number;
  WSAWaitForMultipleEvents(count: number, events: bigint, waitAll: number, timeout: number, alertable: number): number;
  WSAGetOverlappedResult(s: bigint, overlapped: bigint, transferred: bigint, wait: number, flags: bigint): number;
  SleepEx(ms: number, alertable: number): number;
  CancelIo(handle: bigint): number;
  CancelIoEx(handle: bigint, overlapped: bigint): number;
  GetLastError(): number;
  SetLastError(code: number): void;
  GetCurrentThreadId(): number;
  OpenThread(access: number, inherit: number, threadId: number): bigint;
  WaitForSingleObject(handle: bigint, ms: number): number;
  CloseHandle(handle: bigint): number;
}

/** Each function's DLL and koffi prototype: one list, bound by `bindWs2_32` (and by the native player's issuing thread). */
export const PROTOTYPES: Record<keyof Ws2_32, readonly [dll: string, prototype: string]> = {
  WSAStartup: ["ws2_32.dll", "int __stdcall WSAStartup(uint16_t v, uintptr_t data)"],
  WSACleanup: ["ws2_32.dll", "int __stdcall WSACleanup()"],
  WSAGetLastError: ["ws2_32.dll", "int __stdcall WSAGetLastError()"],
  WSASetLastError: ["ws2_32.dll", "void __stdcall WSASetLastError(int code)"],
  WSASocketW: ["ws2_32.dll", "uintptr_t __stdcall WSASocketW(int af, int type, int protocol, uintptr_t info, uint32_t g, uint32_t flags)"],
  closesocket: ["ws2_32.dll", "int __stdcall closesocket(uintptr_t s)"],
  bind: ["ws2_32.dll", "int __stdcall bind(uintptr_t s, uintptr_t addr, int len)"],
  listen: ["ws2_32.dll", "int __stdcall listen(uintptr_t s, int backlog)"],
  connect: ["ws2_32.dll", "int __stdcall connect(uintptr_t s, uintptr_t addr, int len)"],
  accept: ["ws2_32.dll", "uintptr_t __stdcall accept(uintptr_t s, uintptr_t addr, uintptr_t len)"],
  getsockname: ["ws2_32.dll", "int __stdcall getsockname(uintptr_t s, uintptr_t addr, uintptr_t len)"],
  setsockopt: ["ws2_32.dll", "int __stdcall setsockopt(uintptr_t s, int level, int name, uintptr_t value, int len)"],
  getsockopt: ["ws2_32.dll", "int __stdcall getsockopt(uintptr_t s, int level, int name, uintptr_t value, uintptr_t len)"],
  ioctlsocket: ["ws2_32.dll", "int __stdcall ioctlsocket(uintptr_t s, int32_t cmd, uintptr_t arg)"],
  send: ["ws2_32.dll", "int __stdcall send(uintptr_t s, uintptr_t buf, int len, int flags)"],
  recv: ["ws2_32.dll", "int __stdcall recv(uintptr_t s, uintptr_t buf, int len, int flags)"],
  WSAIoctl: ["ws2_32.dll", "int __stdcall WSAIoctl(uintptr_t s, uint32_t code, uintptr_t inBuf, uint32_t cbIn, uintptr_t outBuf, uint32_t cbOut, uintptr_t bytesReturned, uintptr_t overlapped, uintptr_t routine)"],
  WSACreateEvent: ["ws2_32.dll", "uintptr_t __stdcall WSACreateEvent()"],
  WSACloseEvent: ["ws2_32.dll", "int __stdcall WSACloseEvent(uintptr_t e)"],
  WSAWaitForMultipleEvents: ["ws2_32.dll", "uint32_t __stdcall WSAWaitForMultipleEvents(uint32_t n, uintptr_t events, int all, uint32_t timeout, int alertable)"],
  WSAGetOverlappedResult: ["ws2_32.dll", "int __stdcall WSAGetOverlappedResult(uintptr_t s, uintptr_t ov, uintptr_t transferred, int wait, uintptr_t flags)"],
  SleepEx: ["kernel32.dll", "uint32_t __stdcall SleepEx(uint32_t ms, int alertable)"],
  CancelIo: ["kernel32.dll", "int __stdcall CancelIo(uintptr_t handle)"],
  CancelIoEx: ["kernel32.dll", "int __stdcall CancelIoEx(uintptr_t handle, uintptr_t overlapped)"],
  GetLastError: ["kernel32.dll", "uint32_t __stdcall GetLastError()"],
  SetLastError: ["kernel32.dll", "void __stdcall SetLastError(uint32_t code)"],
  GetCurrentThreadId: ["kernel32.dll", "uint32_t __stdcall GetCurrentThreadId()"],
  OpenThread: ["kernel32.dll", "uintptr_t __stdcall OpenThread(uint32_t access, int inherit, uint32_t id)"],
  WaitForSingleObject: ["kernel32.dll", "uint32_t __stdcall WaitForSingleObject(uintptr_t handle, uint32_t ms)"],
  CloseHandle: ["kernel32.dll", "int __stdcall CloseHandle(uintptr_t handle)"],
};

/** An LPWSAOVERLAPPED_COMPLETION_ROUTINE, for koffi.proto. */
export const COMPLETION_ROUTINE = "void __stdcall LfpCompletionRoutine(uint32_t dwError, uint32_t cbTransferred, uintptr_t lpOverlapped, uint32_t dwFlags)";

/** Bind ws2_32.dll (and the kernel32 functions). Throws if a DLL or a function cannot be loaded. */
export function bindWs2_32(koffi: Koffi): Ws2_32 {
  const libs = new Map<string, ReturnType<Koffi["load"]>>();
  const lib = (dll: string) => libs.get(dll) ?? libs.set(dll, koffi.load(dll)).get(dll)!;
  return Object.fromEntries(Object.entries(PROTOTYPES).map(([name, [dll, proto]]) => [name, lib(dll).func(proto)])) as unknown as Ws2_32;
}

/**
 * Memory the driver owns: allocated zeroed, addressed, viewed, freed together. Each `alloc`
 * makes a koffi view, which keeps native memory of its own (see BlockPool): for memory used
 * call after call, take it from a BlockPool instead.
 */
export class Arena {
  /** Blocks and bytes allocated by every arena and not yet freed (the soak checks they stay flat). */
  static live = { blocks: 0, bytes: 0 };
  readonly #koffi: Koffi;
  readonly #blocks: { ptr: unknown; size: number }[] = [];
  constructor(koffi: Koffi) { this.#koffi = koffi; }
  /** `n` bytes (at least 1), zeroed; address and a DataView over them. */
  alloc(n: number): { addr: bigint; view: DataView } {
    const size = Math.max(n, 1);
    const ptr = this.#koffi.alloc("uint8_t", size);
    this.#blocks.push({ ptr, size });
    Arena.live.blocks++;
    Arena.live.bytes += size;
    const buffer = this.#koffi.view(ptr, size);
    new Uint8Array(buffer).fill(0);
    return { addr: this.#koffi.address(ptr), view: new DataView(buffer) };
  }
  freeAll(): void {
    for (const b of this.#blocks.splice(0)) {
      this.#koffi.free(b.ptr);
      Arena.live.blocks--;
      Arena.live.bytes -= b.size;
    }
  }
}

/** A block of driver-owned memory: its address, and views over it made once. */
export interface Block { addr: bigint; view: DataView; bytes: Uint8Array; size: number }

/**
 * Blocks reused from call to call. Per call the driver neither allocates nor views native
 * memory: koffi 3.3.4's `view` keeps ≈ 280 bytes of native memory per call that no GC
 * returns (measured in the Windows build of Node under Wine 8: the commit charge grows by
 * that much a call, while `alloc`/`free` alone stay flat), so views are made once a block.
 */
export class BlockPool {
  readonly #arena: Arena;
  readonly #free: Block[] = [];
  constructor(koffi: Koffi) { this.#arena = new Arena(koffi); }
  /** A block of at least `size` bytes, zeroed. */
  take(size: number): Block {
    const i = this.#free.findIndex((b) => b.size >= size);
    const b = i >= 0 ? this.#free.splice(i, 1)[0] : this.#fresh(size);
    b.bytes.fill(0);
    return b;
  }
  /** Hand a block back once nothing (the system included) uses it any more. */
  give(b: Block): void { this.#free.push(b); }
  #fresh(size: number): Block {
    const n = Math.max(256, 2 ** Math.ceil(Math.log2(size)));
    const { addr, view } = this.#arena.alloc(n);
    return { addr, view, bytes: new Uint8Array(view.buffer, view.byteOffset, n), size: n };
  }
}
