// Reduction of zeromq/libzmq src/tcp.cpp (see README.md): the tuning helper and the
// function that opens a socket and applies it when ZMQ_LOOPBACK_FASTPATH is set.
void zmq::tcp_tune_loopback_fast_path (const fd_t socket_)
{
#if defined ZMQ_HAVE_WINDOWS && defined SIO_LOOPBACK_FAST_PATH
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
#else
    LIBZMQ_UNUSED (socket_);
#endif
}

zmq::fd_t zmq::tcp_open_socket (const char *address_, const zmq::options_t &options_,
                                bool local_, bool fallback_to_ipv4_, zmq::tcp_address_t *out_tcp_addr_)
{
    fd_t s = open_socket (out_tcp_addr_->family (), SOCK_STREAM, IPPROTO_TCP);
    if (s == retired_fd)
        return retired_fd;
    if (options_.loopback_fastpath)
        tcp_tune_loopback_fast_path (s);
    return s;
}
