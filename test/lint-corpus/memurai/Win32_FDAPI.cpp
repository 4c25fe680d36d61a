// Reduction of Memurai/memurai-cli src/Win32_Interop/Win32_FDAPI.cpp (see README.md):
// WSAEOPNOTSUPP and WSAEINVAL are tolerated ("an already connected socket" in Sentinel
// mode), anything else throws. The helper is called before connect() on a socket that
// may already be connected, hence the stage stays unknown. FDAPI_WSAIoctl forwards any
// code: no finding.
#ifndef SIO_LOOPBACK_FAST_PATH
const DWORD SIO_LOOPBACK_FAST_PATH = 0x98000010;    // from Win8 SDK
#endif

void EnableFastLoopback(SOCKET socket) {
    if (IsAtLeastWindows_6_2()) {
        int enabled = 1;
        DWORD result_byte_count = -1;
        int result = f_WSAIoctl(socket, SIO_LOOPBACK_FAST_PATH, &enabled, sizeof(enabled), NULL, 0, &result_byte_count, NULL, NULL);
        if (result != 0) {
            if (f_WSAGetLastError() == WSAEOPNOTSUPP) return;
            // Sentinel mode may connect an already connected socket: ignore WSAEINVAL.
            if (f_WSAGetLastError() == WSAEINVAL) return;
            throw std::system_error(f_WSAGetLastError(), std::system_category(), "WSAIoctl failed");
        }
    }
}

int FDAPI_WSAIoctl(int rfd, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer, LPVOID lpvOutBuffer,
                   DWORD cbOutBuffer, LPDWORD lpcbBytesReturned, LPWSAOVERLAPPED lpOverlapped,
                   LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
    SOCKET socket = RFDMap::getInstance().lookupSocket(rfd);
    if (f_WSAIoctl(socket, dwIoControlCode, lpvInBuffer, cbInBuffer, lpvOutBuffer, cbOutBuffer,
                   lpcbBytesReturned, lpOverlapped, lpCompletionRoutine) == 0) {
        return 0;
    }
    errno = translate_sys_error(f_WSAGetLastError());
    return SOCKET_ERROR;
}

int FDAPI_connect(int rfd, const struct sockaddr *addr, size_t addrlen) {
    try {
        SOCKET socket = RFDMap::getInstance().lookupSocket(rfd);
        if (socket != INVALID_SOCKET) {
            EnableFastLoopback(socket);
            return f_connect(socket, addr, (int) addrlen);
        }
    } catch (...) {};
    errno = EBADF;
    return -1;
}
