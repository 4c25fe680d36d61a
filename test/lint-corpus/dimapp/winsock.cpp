// Reduction of gknowles/dimapp libs/win/winsock.cpp at the parent of f50564be (see
// README.md): a registered-I/O stream socket, the ioctl right after WSASocketW, a
// failure only logged.
SOCKET winSocketCreate() {
    SOCKET handle = WSASocketW(AF_UNSPEC, SOCK_STREAM, IPPROTO_TCP, NULL, 0,
        WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT | WSA_FLAG_REGISTERED_IO);
    if (handle == INVALID_SOCKET) {
        logMsgError() << "WSASocket: " << WinError{};
        return INVALID_SOCKET;
    }
    int yes = 1;
    DWORD bytes;
    if (SOCKET_ERROR == WSAIoctl(handle, SIO_LOOPBACK_FAST_PATH, &yes, sizeof yes,
        nullptr, 0, &bytes, nullptr, nullptr)) {
        logMsgError() << "WSAIoctl(SIO_LOOPBACK_FAST_PATH): " << WinError{};
    }
    return handle;
}
