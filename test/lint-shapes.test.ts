// lfp lint on shapes found in real files outside the corpus (issue 21's "further real files"),
// each on a snippet written for this test, with the project that showed it:
// - a failure returned or thrown out of the function that created the socket fails its setup:
//   fedjabosnic/hotfix HotFix/Transport/TcpTransport.cs (hotfix issue 51 is this failure on
//   Windows 7), stas-sultanov/SXN.Net's C# TcpWorker.cs (`if (!TryConfigure...(...)) goto FAIL;`,
//   the server is not created), ZeroC Ice / gRPC-style C helpers;
// - C# `!call` conditions and `goto FAIL` error paths (SXN.Net TcpWorker.cs);
// - a .NET socket made through a using alias (Sweet.Actors RpcClient.cs: `using NativeSocket =
//   System.Net.Sockets.Socket;`, `new NativeSocket(...)`), the option set by an extension method
//   in another file with the code from a third (Constants.SIO_LOOPBACK_FAST_PATH);
// - Go's RawConn shapes (no Go call site of this code was found; the shapes are those of other
//   ioctls in real Go code: raw.Control(func(fd uintptr) { windows.WSAIoctl(windows.Handle(fd), ...) })
//   on a conn from net.Dial, and net.Dialer{Control: ...}).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { model, setUp } from "./helpers.js";
import { nodeLinter, lintPaths } from "../host/lint/node.js";
import type { CallSite, LintLanguage } from "../host/lint/types.js";
import type { Linter } from "../host/lint/engine.js";

let linter: Linter;
const sites = async (lang: LintLanguage, text: string) => (await linter.lintSource("snippet", lang, text)).sites;
const ids = (s: CallSite) => s.findings.map((f) => f.id);
const project = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), "lfp-lint-shape-"));
  writeFileSync(join(dir, ".lfp-lint.json"), "{}\n");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

const t = suite("lfp lint: shapes of real files outside the corpus");

setUp(t, async () => {
  linter = nodeLinter(await model());
});

t("an exception out of the function that created the socket fails its setup; caught, or not the creator: as before", async () => {
  const [init, acc] = await sites("c-sharp", `public class Transport {
  public static Transport Initiate(EndPoint ep) {
    var sock = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    sock.IOControl(-1744830448, BitConverter.GetBytes(1), null);
    sock.Connect(ep);
    return new Transport(sock);
  }
  public static Transport Accept(IPAddress a, int port) {
    var l = new TcpListener(a, port);
    l.Start();
    l.Server.IOControl(-1744830448, BitConverter.GetBytes(1), null);
    return new Transport(l.AcceptSocket());
  }
}`);
  assert.equal([init.errors.policy, acc.errors.policy, acc.sockets[0].stage], ["fatal", "fatal", "listening"]);
  assert.match(init.errors.evidence, /the failure leaves Initiate\(\), which created the socket at line 3: setting the socket up fails/);
  assert.ok(ids(init).includes("lfp/fails-on-unsupported") && ids(acc).includes("lfp/fails-on-unsupported"));
  const [caught] = await sites("c-sharp", `class T { static Socket Open() {
    var sock = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    try { sock.IOControl(-1744830448, BitConverter.GetBytes(1), null); } catch (SocketException) { }
    return sock; } }`);
  assert.is(caught.errors.policy, "swallowed");
  // The socket comes from elsewhere (a parameter): the error goes back to a caller nobody in the file is.
  const [param] = await sites("c-sharp", `static class X { public static void Fast(this Socket s) { s.IOControl(-1744830448, BitConverter.GetBytes(1), null); } }`);
  assert.is(param.errors.policy, "returned");
});

t("C#: `if (!TryConfigure(...)) goto FAIL;` — the label's code fails the function that created the socket (SXN.Net TcpWorker.cs)", async () => {
  const [s] = await sites("c-sharp", `public sealed class Worker {
  static bool TryConfigure(UIntPtr server) {
    unsafe {
      UInt32 on = 1; UInt32 n;
      var r = Interop.WSAIoctl(server, Interop.SIO_LOOPBACK_FAST_PATH, &on, sizeof(UInt32), null, 0, out n, IntPtr.Zero, IntPtr.Zero);
      if (r == Interop.SOCKET_ERROR) { return false; }
    }
    return true;
  }
  public static Result<Worker> TryStart() {
    UIntPtr server = Interop.WSASocket(Interop.AF_INET, (Int32) SocketType.Stream, (Int32) ProtocolType.Tcp, IntPtr.Zero, 0, 0);
    if (!TryConfigure(server)) { goto FAIL; }
    return Result<Worker>.Ok(new Worker(server));
    FAIL:
    var error = Interop.WSAGetLastError();
    Interop.WSACleanup();
    return Result<Worker>.Fail(error);
  }
}`);
  assert.equal([s.sockets.map((c) => c.stage), s.errors.policy], [["created"], "fatal"]);
  assert.match(s.errors.evidence, /TryConfigure\(\) is called at line 12: checked at line 12/);
  assert.ok(ids(s).includes("lfp/fails-on-unsupported"));
});

t("C: a helper returning the error into the function that made the socket, which returns failure", async () => {
  const [s] = await sites("cpp", `static int fast(SOCKET s) { int on = 1; DWORD n; return WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &on, 4, NULL, 0, &n, NULL, NULL); }
SOCKET open_listener(const sockaddr* a) {
  SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (fast(s) != 0) { closesocket(s); return INVALID_SOCKET; }
  bind(s, a, 16); listen(s, 5);
  return s;
}`);
  assert.equal([s.errors.policy, s.sockets.map((c) => c.stage)], ["fatal", ["created"]]);
  assert.ok(ids(s).includes("lfp/fails-on-unsupported"));
});

t(".NET: a socket made through a using alias, set up by an extension method in another file with a code from a third", async () => {
  const dir = project({
    "Constants.cs": "namespace App { internal static class Constants { public const int SIO_LOOPBACK_FAST_PATH = -1744830448; } }\n",
    "Sockets.cs": `using System; using System.Net.Sockets;
namespace App { internal static class SocketX {
  internal static void SetFastPath(this Socket socket) {
    try { socket.IOControl(Constants.SIO_LOOPBACK_FAST_PATH, BitConverter.GetBytes(1), null); } catch (Exception) { }
  } } }
`,
    "Client.cs": `using System.Net.Sockets;
using RawSocket = System.Net.Sockets.Socket;
namespace App { public class Client {
  Socket Make(AddressFamily f) { var result = new RawSocket(f, SocketType.Stream, ProtocolType.Tcp); Configure(result); return result; }
  void Configure(Socket socket) { socket.SetFastPath(); socket.NoDelay = true; }
} }
`,
  });
  const report = await lintPaths(linter, [join(dir, "Sockets.cs")], dir);
  const s = report.sites[0];
  assert.equal(s.sockets.map((c) => [c.stage, c.type]), [["created", "stream"]]);
  assert.match(s.sockets[0].evidence, /result = new RawSocket\(\.\.\.\) at line 4; via Configure\(\) called at line 4; via SetFastPath\(\) called at line 5 \(Client\.cs\)/);
  assert.is(s.errors.policy, "swallowed");
});

t("a name for another socket expression is followed: `var s = client.Client;`", async () => {
  const [s] = await sites("c-sharp", `class C { void F(IPEndPoint ep) {
  var client = new TcpClient();
  client.Connect(ep);
  var s = client.Client;
  try { s.IOControl(-1744830448, BitConverter.GetBytes(1), null); } catch { }
} }`);
  assert.equal(s.sockets.map((c) => c.stage), ["connected"]);
  assert.match(s.sockets[0].evidence, /; s = client\.Client at line 4$/);
  assert.ok(ids(s).includes("lfp/after-connect"));
});

t("Go: the handle a RawConn.Control closure gets, after net.Dial / net.Listen; a net.Dialer's Control", async () => {
  const src = `package p
const sioLoopbackFastPath = windows.IOC_IN | windows.IOC_VENDOR | 16
func fast(fd uintptr) error {
	on := uint32(1)
	var n uint32
	return windows.WSAIoctl(windows.Handle(fd), sioLoopbackFastPath, (*byte)(unsafe.Pointer(&on)), 4, nil, 0, &n, nil, 0)
}
func dialer() *net.Dialer {
	return &net.Dialer{Control: func(network, address string, c syscall.RawConn) error {
		var opErr error
		if err := c.Control(func(fd uintptr) { opErr = fast(fd) }); err != nil {
			return err
		}
		return opErr
	}}
}
func afterDial(addr string) net.Conn {
	conn, _ := net.Dial("tcp", addr)
	raw, _ := conn.(*net.TCPConn).SyscallConn()
	raw.Control(func(fd uintptr) {
		on := uint32(1)
		var n uint32
		_ = windows.WSAIoctl(windows.Handle(fd), sioLoopbackFastPath, (*byte)(unsafe.Pointer(&on)), 4, nil, 0, &n, nil, 0)
	})
	return conn
}
func listener(addr string) {
	ln, _ := net.Listen("tcp", addr)
	raw, _ := ln.(*net.TCPListener).SyscallConn()
	raw.Control(func(fd uintptr) {
		on := uint32(1)
		var n uint32
		windows.WSAIoctl(windows.Handle(fd), sioLoopbackFastPath, (*byte)(unsafe.Pointer(&on)), 4, nil, 0, &n, nil, 0)
	})
}
`;
  const [viaDialer, dialed, listening] = await sites("go", src);
  assert.equal(viaDialer.sockets.map((c) => c.stage), ["created"]);
  assert.match(viaDialer.sockets[0].evidence, /c is the RawConn of net\.Dialer\.Control \(line 9\): called after the socket is created, before it connects/);
  assert.is(viaDialer.errors.policy, "fatal");
  assert.match(viaDialer.errors.evidence, /returned by net\.Dialer\.Control \(line 9\): the dial fails with it/);
  assert.equal([dialed.sockets.map((c) => [c.stage, c.type]), dialed.errors.policy], [[["connected", "stream"]], "ignored"]);
  assert.ok(ids(dialed).includes("lfp/after-connect"));
  assert.equal(listening.sockets.map((c) => c.stage), ["listening"]);
  assert.ok(ids(listening).includes("lfp/after-listen"));
});

t.run();
