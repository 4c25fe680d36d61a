// Reduction of an RTSA HTTP client found by the search index (repository not resolved,
// see README.md): the option is set on a fresh TCP socket before Connect, the byte[]
// written out, exceptions swallowed.
public bool ConnectInput(IPAddress addr, int port)
{
    Endpoint = new IPEndPoint(addr, port);
    ReceiveSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    try
    {
        /* SIO_LOOPBACK_FAST_PATH */
        ReceiveSocket.IOControl(-1744830448, new byte[4] { 1, 0, 0, 0 }, null);
    }
    catch (Exception ex)
    {
    }
    ReceiveSocket.Connect(Endpoint);
    return true;
}
