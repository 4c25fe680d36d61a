// Reduction of grpc/grpc: tcp_windows.cc's enable_loopback_fast_path put in the same
// file as tcp_server_windows.cc's start_accept_locked (see README.md), so that the
// AcceptEx accept socket can be followed: every accept socket is prepared, and so
// gets the ioctl, before AcceptEx.
static grpc_error* enable_loopback_fast_path(SOCKET sock) {
  int status;
  uint32_t param = 1;
  DWORD ret;
  status = WSAIoctl(sock, _WSAIOW(IOC_VENDOR, 16), &param, sizeof(param), NULL, 0, &ret, 0, 0);
  if (status == SOCKET_ERROR) {
    status = WSAGetLastError();
  }
  return status == 0 || status == WSAEOPNOTSUPP
             ? GRPC_ERROR_NONE
             : GRPC_WSA_ERROR(status, "WSAIoctl(SIO_LOOPBACK_FAST_PATH)");
}

static grpc_error* start_accept_locked(grpc_tcp_listener* port) {
  SOCKET sock = INVALID_SOCKET;
  BOOL success;
  DWORD addrlen = sizeof(grpc_sockaddr_in6) + 16;
  DWORD bytes_received = 0;
  grpc_error* error = GRPC_ERROR_NONE;

  sock = WSASocket(AF_INET6, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
  if (sock == INVALID_SOCKET) {
    error = GRPC_WSA_ERROR(WSAGetLastError(), "WSASocket");
    goto failure;
  }
  error = enable_loopback_fast_path(sock);
  if (error != GRPC_ERROR_NONE) goto failure;

  success = port->AcceptEx(port->socket->socket, sock, port->addresses, 0,
                           addrlen, addrlen, &bytes_received,
                           &port->socket->read_info.overlapped);
  return error;
failure:
  return error;
}
