// Reduction of a RIO sample (namespace RioSharp; repository not resolved, see README.md):
// the code is built with IOC_WS2 instead of IOC_VENDOR, the BOOL is `int True = -1`, and
// the call goes through a P/Invoke of WSAIoctl.
internal static class WinSock
{
    internal const uint IOC_IN = 0x80000000;
    internal const uint IOC_OUT = 0x40000000;
    internal const uint IOC_INOUT = IOC_IN | IOC_OUT;
    internal const uint IOC_WS2 = 0x08000000;
    internal const uint IOC_VENDOR = 0x18000000;
    internal const uint SIO_GET_EXTENSION_FUNCTION_POINTER = IOC_INOUT | IOC_WS2 | 6;
    internal const uint SIO_LOOPBACK_FAST_PATH = IOC_IN | IOC_WS2 | 16;

    internal unsafe static void Prepare(IntPtr socket)
    {
        uint dwBytes = 0;
        int True = -1;
        int result = WSAIoctlGeneral(socket, SIO_LOOPBACK_FAST_PATH, &True, 4, null, 0,
                                     out dwBytes, IntPtr.Zero, IntPtr.Zero);
        if (result != 0)
        {
            var error = WSAGetLastError();
            throw new Exception(String.Format("ERROR: WSAIoctl SIO_LOOPBACK_FAST_PATH returned {0}", error));
        }
    }
}
