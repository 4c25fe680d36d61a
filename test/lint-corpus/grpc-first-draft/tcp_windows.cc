// Reduction of the first draft of gRPC's enable_loopback_fast_path (field.md: "the
// first draft compared the return value itself with WSAEOPNOTSUPP"), see README.md.
static grpc_error* enable_loopback_fast_path(SOCKET sock) {
  int status;
  uint32_t param = 1;
  DWORD ret;
  status = WSAIoctl(sock, /*SIO_LOOPBACK_FAST_PATH==*/_WSAIOW(IOC_VENDOR, 16),
                    &param, sizeof(param), NULL, 0, &ret, 0, 0);
  return status == 0 || status == WSAEOPNOTSUPP
             ? GRPC_ERROR_NONE
             : GRPC_WSA_ERROR(WSAGetLastError(), "WSAIoctl(SIO_LOOPBACK_FAST_PATH)");
}
