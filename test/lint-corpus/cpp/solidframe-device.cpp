// Reduction of solidoss/solidframe solid/system/src/device.cpp (see README.md): the
// member function returns the error; its callers (other files) ignore it. The socket
// is the object's descriptor(), so its stage cannot be read here.
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
