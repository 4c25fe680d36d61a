// Reduction of MSOpenTech/redis src/Win32_Interop/Win32_FDAPI.cpp, EnableFastLoopback
// (see README.md): any failure throws.
#ifndef SIO_LOOPBACK_FAST_PATH
const DWORD SIO_LOOPBACK_FAST_PATH = 0x98000010;    // from Win8 SDK
#endif

void EnableFastLoopback(SOCKET socket) {
    // If Win8+ (6.2), use fast path option on loopback
    if (IsWindowsVersionAtLeast(6, 2, 0)) {
        int enabled = 1;
        DWORD result_byte_count = -1;
        int result = WSAIoctl(socket, SIO_LOOPBACK_FAST_PATH, &enabled, sizeof(enabled), NULL, 0, &result_byte_count, NULL, NULL);
        if (result != 0) {
            throw std::system_error(WSAGetLastError(), system_category(), "WSAIoctl failed");
        }
    }
}
