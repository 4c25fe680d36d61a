// Reduction of a System.IO.Pipelines RIO sample (namespace
// System.IO.Pipelines.Networking.Windows.RIO.Internal.Winsock; repository not resolved,
// see README.md): the right value with a comment that says IOC_WS2.
public static class RioImports
{
    const int SioLoopbackFastPath = -1744830448;// IOC_IN | IOC_WS2 | 16;

    public unsafe static void Initalize(IntPtr socket)
    {
        UInt32 dwBytes = 0;
        int True = -1;
        int result = WSAIoctlGeneral(socket, SioLoopbackFastPath, &True, 4, null, 0,
                                     out dwBytes, IntPtr.Zero, IntPtr.Zero);
        if (result != 0)
        {
            var error = WSAGetLastError();
            WSACleanup();
            throw new Exception($"ERROR: WSAIoctl SIO_LOOPBACK_FAST_PATH returned {error}");
        }
    }
}
