// Reduction of FirebirdSQL/firebird src/remote/inet.cpp at 6edb5af515,
// setFastLoopbackOption (see README.md): the result is turned into a bool for the
// caller.
bool InetRemPort::setFastLoopbackOption(SOCKET s)
{
#ifdef WIN_NT
    int optval = 1;
    DWORD bytes = 0;
    int ret = WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &optval, sizeof(optval),
                       NULL, 0, &bytes, 0, 0);
    return ret == 0;
#else
    return false;
#endif
}
