// Reduction of zeromq/libzmq src/ip.cpp, tune_socket and make_fdpair_tcpip (the
// signaler's socket pair on Windows), see README.md: tcp.cpp's helper is applied to the
// listener before bind/listen and to the writer after a blocking connect().
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
