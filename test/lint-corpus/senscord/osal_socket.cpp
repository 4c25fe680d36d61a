// Reduction of yushi3/senscord lib/osal/windows/osal_socket.cpp, OSCreateSocket (see
// README.md): TCP sockets only, right after ::socket(); a failure is logged once per
// distinct error.
int32_t OSCreateSocket(OSSocketType socket_type, OSSocket** socket) {
  int32_t domain = 0;
  int32_t type = 0;
  int32_t protocol = 0;
  switch (socket_type) {
    case kSocketTypeInetUdp:
      domain = AF_INET;
      type = SOCK_DGRAM;
      break;
    case kSocketTypeInetTcp:
      domain = AF_INET;
      type = SOCK_STREAM;
      break;
    default:
      return OSMakeErrorCode(kFuncId, kErrorInvalidArgument);
  }
  SOCKET winsock = ::socket(domain, type, protocol);
  if (winsock == INVALID_SOCKET) {
    return OSMakeErrorCode(kFuncId, GetErrorCauseFromWinsock(WSAGetLastError()));
  }
  if (socket_type == kSocketTypeInetTcp) {
    BOOL enable = TRUE;
    DWORD ret_bytes = 0;  // WSAIoctl needs this variable.
    int32_t ret = WSAIoctl(winsock, SIO_LOOPBACK_FAST_PATH, &enable,
                           sizeof(enable), NULL, 0, &ret_bytes, NULL, NULL);
    if (ret == SOCKET_ERROR) {
      static DWORD wsa_err = 0;
      DWORD last_err = WSAGetLastError();
      if (wsa_err != last_err) {
        wsa_err = last_err;
        SENSCORD_OSAL_LOG_WARNING("OSCreateSocket: WSAIoctl(SIO_LOOPBACK_FAST_PATH) failed. wsa_err=%" PRIu32, last_err);
      }
    }
  }
  *socket = GetOSSocket(winsock);
  return 0;
}
