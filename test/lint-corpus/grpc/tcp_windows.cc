// Reduction of grpc/grpc src/core/lib/iomgr/tcp_windows.cc (gRPC 1.14-1.19), see
// README.md. grpc_tcp_set_non_block is another ioctl (FIONBIO): no finding.
grpc_error* grpc_tcp_set_non_block(SOCKET sock) {
  int status;
  uint32_t param = 1;
  DWORD ret;
  status = WSAIoctl(sock, GRPC_FIONBIO, &param, sizeof(param), NULL, 0, &ret,
                    NULL, NULL);
  return status == 0
             ? GRPC_ERROR_NONE
             : GRPC_WSA_ERROR(WSAGetLastError(), "WSAIoctl(GRPC_FIONBIO)");
}

static grpc_error* enable_loopback_fast_path(SOCKET sock) {
  int status;
  uint32_t param = 1;
  DWORD ret;
  status = WSAIoctl(sock, /*SIO_LOOPBACK_FAST_PATH==*/_WSAIOW(IOC_VENDOR, 16),
                    &param, sizeof(param), NULL, 0, &ret, 0, 0);
  if (status == SOCKET_ERROR) {
    status = WSAGetLastError();
  }
  return status == 0 || status == WSAEOPNOTSUPP
             ? GRPC_ERROR_NONE
             : GRPC_WSA_ERROR(status, "WSAIoctl(SIO_LOOPBACK_FAST_PATH)");
}

grpc_error* grpc_tcp_prepare_socket(SOCKET sock) {
  grpc_error* err;
  err = grpc_tcp_set_non_block(sock);
  if (err != GRPC_ERROR_NONE) return err;
  err = enable_loopback_fast_path(sock);
  if (err != GRPC_ERROR_NONE) return err;
  return GRPC_ERROR_NONE;
}
