// Reduction of zeromq/libzmq src/ip.cpp, make_fdpair (the signaler's socket pair on
// Windows), see README.md: the listener is tuned before bind/listen, the writer after
// a blocking connect().
static void tune_socket (const SOCKET socket_)
{
    BOOL tcp_nodelay = 1;
    const int rc = setsockopt (socket_, IPPROTO_TCP, TCP_NODELAY,
                               reinterpret_cast<char *> (&tcp_nodelay), sizeof tcp_nodelay);
    wsa_assert (rc != SOCKET_ERROR);

    int sio_loopback_fastpath = 1;
    DWORD number_of_bytes_returned = 0;
    const int rc2 = WSAIoctl (socket_, SIO_LOOPBACK_FAST_PATH, &sio_loopback_fastpath,
                              sizeof sio_loopback_fastpath, NULL, 0,
                              &number_of_bytes_returned, 0, 0);
    if (SOCKET_ERROR == rc2) {
        const DWORD last_error = ::WSAGetLastError ();
        if (WSAEOPNOTSUPP != last_error)
            wsa_assert (false);
    }
}

int zmq::make_fdpair (fd_t *r_, fd_t *w_)
{
    SOCKET listener = open_socket (AF_INET, SOCK_STREAM, 0);
    wsa_assert (listener != INVALID_SOCKET);
    tune_socket (listener);

    int rc = bind (listener, reinterpret_cast<const struct sockaddr *> (&addr), sizeof addr);
    if (rc != SOCKET_ERROR)
        rc = listen (listener, 1);

    *w_ = open_socket (AF_INET, SOCK_STREAM, 0);
    wsa_assert (*w_ != INVALID_SOCKET);

    if (rc != SOCKET_ERROR) {
        rc = connect (*w_, reinterpret_cast<struct sockaddr *> (&addr), sizeof addr);
        tune_socket (*w_);
        *r_ = accept (listener, NULL, NULL);
    }
    closesocket (listener);
    return 0;
}
