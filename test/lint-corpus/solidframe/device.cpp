// Reduction of solidoss/solidframe solid/system/src/device.cpp (see README.md): the
// member function returns the error and every caller in the file drops it; the socket
// is the object's descriptor(), set from WSASocketW (any type: TCP or UDP) or from
// accept(), which the linter cannot tie to the call (its stage stays unknown).
ErrorCodeT SocketDevice::create(SocketInfo::Family _family, SocketInfo::Type _type, int _proto)
{
#ifdef SOLID_ON_WINDOWS
    SOCKET s = WSASocketW(_family, _type, _proto, nullptr, 0, WSA_FLAG_OVERLAPPED);
    Device::descriptor((HANDLE)s);
    enableLoopbackFastPath();
#else
    Device::descriptor(socket(_family, _type, _proto));
#endif
    return ok() ? ErrorCodeT() : last_socket_error();
}

ErrorCodeT SocketDevice::accept(SocketDevice& _dev)
{
#ifdef SOLID_ON_WINDOWS
    SocketAddress sa;
    SOCKET        rv = ::accept(descriptor(), sa, &sa.sz);
    _dev.Device::descriptor((HANDLE)rv);
    _dev.enableLoopbackFastPath();
    return last_socket_error();
#else
    int rv = ::accept(descriptor(), sa, &sa.sz);
    _dev.Device::descriptor(rv);
    return rv > 0 ? ErrorCodeT() : last_socket_error();
#endif
}

ErrorCodeT SocketDevice::enableLoopbackFastPath()
{
#if defined(SOLID_ON_WINDOWS)
    uint32_t param = 1;
    DWORD    ret;
    int      rv = WSAIoctl(descriptor(), SIO_LOOPBACK_FAST_PATH /*_WSAIOW(IOC_VENDOR, 16)*/,
        &param, sizeof(param), NULL, 0, &ret, 0, 0);
    if (rv == 0) {
        return ErrorCodeT();
    }
    return last_socket_error();
#else
    return ErrorCodeT();
#endif
}
