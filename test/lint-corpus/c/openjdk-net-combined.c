/* Reduction of openjdk/jdk: net_util_md.c's NET_EnableFastTcpLoopback and libnio
 * Net.c's Java_sun_nio_ch_Net_socket0 put in one file (see README.md), so that the
 * caller's policy can be followed: WSAEOPNOTSUPP turns the option off, any other
 * error throws an IOException. */
JNIEXPORT jint JNICALL
NET_EnableFastTcpLoopback(int fd) {
    int enabled = 1;
    DWORD result_byte_count = -1;
    int result = WSAIoctl(fd, SIO_LOOPBACK_FAST_PATH, &enabled, sizeof(enabled),
                          NULL, 0, &result_byte_count, NULL, NULL);
    return result == SOCKET_ERROR ? WSAGetLastError() : 0;
}

JNIEXPORT jint JNICALL
Java_sun_nio_ch_Net_socket0(JNIEnv *env, jclass cl, jboolean preferIPv6,
                            jboolean stream, jboolean reuse, jboolean fastLoopback)
{
    SOCKET s;
    int domain = (preferIPv6) ? AF_INET6 : AF_INET;

    s = socket(domain, (stream ? SOCK_STREAM : SOCK_DGRAM), 0);
    if (s == INVALID_SOCKET) {
        NET_ThrowNew(env, WSAGetLastError(), "socket");
    }
    if (stream && fastLoopback) {
        static int loopback_available = 1;
        if (loopback_available) {
            int rv = NET_EnableFastTcpLoopback((jint)s);
            if (rv) {
                if (rv == WSAEOPNOTSUPP) {
                    loopback_available = 0;
                } else {
                    NET_ThrowNew(env, rv, "fastLoopback");
                }
            }
        }
    }
    return (jint)s;
}
