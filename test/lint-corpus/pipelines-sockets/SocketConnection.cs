// Reduction of mgravell/Pipelines.Sockets.Unofficial src/.../SocketConnection.cs (see
// README.md): the helper lets the exception go; its caller catches and logs it.
public static void SetRecommendedClientOptions(Socket socket)
{
    if (socket.AddressFamily == AddressFamily.Unix) return;
    try { socket.NoDelay = true; } catch (Exception ex) { Helpers.DebugLog(nameof(SocketConnection), ex.Message); }
    try { SetFastLoopbackOption(socket); } catch (Exception ex) { Helpers.DebugLog(nameof(SocketConnection), ex.Message); }
}

internal static void SetFastLoopbackOption(Socket socket)
{
    const int SIO_LOOPBACK_FAST_PATH = -1744830448;
    if (Environment.OSVersion.Platform == PlatformID.Win32NT)
    {
        var osVersion = Environment.OSVersion.Version;
        if (osVersion.Major > 6 || (osVersion.Major == 6 && osVersion.Minor >= 2))
        {
            byte[] optionInValue = BitConverter.GetBytes(1);
            socket.IOControl(SIO_LOOPBACK_FAST_PATH, optionInValue, null);
        }
    }
}
