/* Reduction of openjdk/jdk src/java.base/windows/native/libnet/net_util_md.c (see
 * README.md): the helper returns WSAGetLastError() to its caller (libnio Net.c, another
 * file, throws on anything but WSAEOPNOTSUPP). getDefaultIPv6Interface is another
 * ioctl (SIO_ROUTING_INTERFACE_QUERY): no finding. */
#ifndef SIO_LOOPBACK_FAST_PATH
/* Taken from mstcpip.h in Windows SDK 8.0 or newer */
#define SIO_LOOPBACK_FAST_PATH _WSAIOW(IOC_VENDOR,16)
#endif

jint getDefaultIPv6Interface(JNIEnv *env, struct SOCKADDR_IN6 *target_addr)
{
    int ret;
    DWORD b;
    struct sockaddr_in6 route;
    SOCKET fd = socket(AF_INET6, SOCK_STREAM, 0);
    if (fd == INVALID_SOCKET) {
        return 0;
    }
    ret = WSAIoctl(fd, SIO_ROUTING_INTERFACE_QUERY,
                   (void *)target_addr, sizeof(struct sockaddr_in6),
                   (void *)&route, sizeof(struct sockaddr_in6), &b, 0, 0);
    closesocket(fd);
    return ret == SOCKET_ERROR ? 0 : route.sin6_scope_id;
}

JNIEXPORT jint JNICALL
NET_EnableFastTcpLoopback(int fd) {
    int enabled = 1;
    DWORD result_byte_count = -1;
    int result = WSAIoctl(fd, SIO_LOOPBACK_FAST_PATH, &enabled, sizeof(enabled),
                          NULL, 0, &result_byte_count, NULL, NULL);
    return result == SOCKET_ERROR ? WSAGetLastError() : 0;
}
