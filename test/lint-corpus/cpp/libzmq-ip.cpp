// Reduction of zeromq/libzmq: src/tcp.cpp's tcp_tune_loopback_fast_path and src/ip.cpp's
// tune_socket and make_fdpair_tcpip (the signaler's socket pair on Windows) in one file
// (the linter follows callers within a file only), see README.md: the listener is tuned
// before bind/listen, the writer after a blocking connect().
void zmq::tcp_tune_loopback_fast_path (const fd_t socket_)
{
    int sio_loopback_fastpath = 1;
    DWORD number_of_bytes_returned = 0;

    const int rc = WSAIoctl (
      socket_, SIO_LOOPBACK_FAST_PATH, &sio_loopback_fastpath,
      sizeof sio_loopback_fastpath, NULL, 0, &number_of_bytes_returned, 0, 0);

    if (SOCKET_ERROR == rc) {
        const DWORD last_error = ::WSAGetLastError ();
        if (WSAEOPNOTSUPP == last_error) {
            // Not Windows 8 / Server 2012: not supported.
        } else {
            wsa_assert (false);
        }
    }
}

static void tune_socket (const SOCKET socket_)
{
    BOOL tcp_nodelay = 1;
    const int rc = setsockopt (socket_, IPPROTO_TCP, TCP_NODELAY,
                               reinterpret_cast<char *> (&tcp_nodelay), sizeof tcp_nodelay);
    wsa_assert (rc != SOCKET_ERROR);

    zmq::tcp_tune_loopback_fast_path (socket_);
}

static int make_fdpair_tcpip (zmq::fd_t *r_, zmq::fd_t *w_)
{
    SOCKET listener = zmq::open_socket (AF_INET, SOCK_STREAM, 0);
    wsa_assert (listener != INVALID_SOCKET);
    tune_socket (listener);

    *w_ = zmq::open_socket (AF_INET, SOCK_STREAM, 0);
    wsa_assert (*w_ != INVALID_SOCKET);

    int rc = bind (listener, reinterpret_cast<const struct sockaddr *> (&addr), sizeof addr);
    if (rc != SOCKET_ERROR)
        rc = listen (listener, 1);

    if (rc != SOCKET_ERROR) {
        rc = connect (*w_, reinterpret_cast<struct sockaddr *> (&addr), sizeof addr);
        tune_socket (*w_);
        *r_ = accept (listener, NULL, NULL);
    }
    closesocket (listener);
    return 0;
}
