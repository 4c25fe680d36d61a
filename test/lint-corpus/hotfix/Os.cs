// Reduction of fedjabosnic/hotfix src/.../Utilities/Os.cs (see README.md): only
// WSAEOPNOTSUPP is tolerated; any other SocketException is rethrown.
internal static class Os
{
    internal const int SIO_LOOPBACK_FAST_PATH = -1744830448;
    internal const int WSAEOPNOTSUPP = 10045;

    internal static void EnableFastPath(this Socket socket)
    {
        try
        {
            socket.IOControl(SIO_LOOPBACK_FAST_PATH, BitConverter.GetBytes(1), null);
        }
        catch (SocketException e)
        {
            if (e.ErrorCode != WSAEOPNOTSUPP) throw;
        }
    }
}
