// Reduction of StackExchange/StackExchange.Redis at 59e54f53 (2014),
// StackExchange.Redis/StackExchange/Redis/SocketManager.cs (see README.md): the client
// socket gets the option right after it is created; nothing catches the exception.
internal SocketToken BeginConnect(EndPoint endpoint, ISocketCallback callback)
{
    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    SetFastLoopbackOption(socket);
    socket.NoDelay = true;
    socket.BeginConnect(endpoint, EndConnect, Tuple.Create(socket, callback));
    return new SocketToken(socket);
}

internal void SetFastLoopbackOption(Socket socket)
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
