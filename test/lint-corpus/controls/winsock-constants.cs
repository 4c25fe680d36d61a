// Control (no call). Reduction of a C# interop constants class (search index;
// repository not resolved, see README.md).
internal static class WinsockConstants
{
    public const uint IOC_INOUT = 0xC0000000;
    public const uint IOC_WS2 = 0x08000000;
    public const Int32 IPPROTO_TCP = 6;
    public const uint SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER = IOC_INOUT | IOC_WS2 | 36;
    /// <summary>Control code that configures a TCP socket for faster operations on the loopback interface.</summary>
    public const uint SIO_LOOPBACK_FAST_PATH = 0x98000010;
    public const Int32 SOCKET_ERROR = -1;
}
