// Reduced from chenbk85/librapid source/details/socket.cpp: a Socket class whose
// ioctl(code) forwards the code to WSAIoctl, and the server socket that asks for the fast
// path through it and throws when it fails (the listener is then never created).
#include <mstcpip.h>
#include <rapid/details/socketexception.h>
#include <rapid/details/socket.h>

namespace rapid {
namespace details {

Socket::Socket(int family, int type, int protocol) {
    sockDesc_ = ::socket(family, type, protocol);
    if (sockDesc_ == SOCKET_ERROR) {
        throw SocketException("Socket creation failed (socket())");
    }
}

bool Socket::ioctl(uint32_t flags) const {
    static uint32_t enable = 1;
    DWORD bytes = 0;
    auto retval = ::WSAIoctl(sockDesc_, flags, &enable, sizeof(enable),
                             nullptr, 0, &bytes, nullptr, nullptr);
    return (retval != SOCKET_ERROR);
}

void Socket::setLocalAddressAndPort(std::string const &localAddress, unsigned short localPort) const {
    SocketAddress localAddr(localAddress, localPort);
    if (::bind(sockDesc_, localAddr.getSockAddr(), localAddr.getAddressLength()) < 0) {
        throw SocketException("Set of local address and port failed (bind())");
    }
}

TcpServerSocket::TcpServerSocket(std::string const &localAddress, unsigned short localPort, int queueLen)
    : Socket(SocketAddress::isIPv4Address(localAddress) ? AF_INET : AF_INET6, SOCK_STREAM, IPPROTO_TCP) {
    if (IsWindows8OrGreater()) {
        if (!ioctl(SIO_LOOPBACK_FAST_PATH)) {
            throw SocketException("Set SIO_LOOPBACK_FAST_PATH failed (WSAIoctl())");
        }
    }
    setLocalAddressAndPort(localAddress, localPort);
    setListen(queueLen);
}

void TcpServerSocket::setListen(int queueLen) const {
    if (::listen(sockDesc_, queueLen) < 0) {
        throw SocketException("Set listening socket failed (listen())");
    }
}

}
}
