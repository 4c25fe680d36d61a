/* Reduction of openjdk/jdk src/java.base/windows/native/libnio/ch/Net.c,
 * Java_sun_nio_ch_Net_socket0 (see README.md): net_util_md.c's helper on every stream
 * socket right after socket(); WSAEOPNOTSUPP turns the option off, any other error
 * throws an IOException. */
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
