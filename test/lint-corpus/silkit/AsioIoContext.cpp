// Reduced from vectorgrp/sil-kit SilKit/source/core/vasio/io/impl/AsioIoContext.cpp @ ad0afbc7:
// template specialisations that ask for the fast path on an asio acceptor and socket
// through native_handle(); the acceptor's after listen(), the socket's before connect().
#include "AsioIoContext.hpp"
#include "asio.hpp"

namespace VSilKit {

namespace {

template <typename AcceptorT>
void SetListenOptions(SilKit::Services::Logging::ILogger*, AcceptorT&)
{
}

template <typename SocketT>
void SetConnectOptions(SilKit::Services::Logging::ILogger*, SocketT&)
{
}

#if defined(_WIN32)

#    include <mstcpip.h>

template <>
void SetListenOptions(SilKit::Services::Logging::ILogger* logger, asio::ip::tcp::acceptor& acceptor)
{
    int enabled = 1;
    DWORD numberOfBytes = 0;
    auto result = WSAIoctl(acceptor.native_handle(), SIO_LOOPBACK_FAST_PATH, &enabled, sizeof(enabled), nullptr, 0,
                           &numberOfBytes, 0, 0);
    if (result == SOCKET_ERROR)
    {
        auto lastError = ::GetLastError();
        SilKit::Services::Logging::Warn(logger, "SetListenOptions: Setting Loopback FastPath failed: {}", lastError);
    }
}

template <>
void SetConnectOptions(SilKit::Services::Logging::ILogger* logger, asio::ip::tcp::socket& socket)
{
    int enabled = 1;
    DWORD numberOfBytes = 0;
    auto result = WSAIoctl(socket.native_handle(), SIO_LOOPBACK_FAST_PATH, &enabled, sizeof(enabled), nullptr, 0,
                           &numberOfBytes, 0, 0);
    if (result == SOCKET_ERROR)
    {
        auto lastError = ::GetLastError();
        SilKit::Services::Logging::Warn(logger, "SetConnectOptions: Setting Loopback FastPath failed: {}", lastError);
    }
}

#endif

} // namespace

template <typename AsioAcceptorType, typename AsioEndpointType>
void OpenAcceptor(AsioAcceptorType& acceptor, AsioEndpointType endpoint, SilKit::Services::Logging::ILogger& logger)
{
    acceptor.open(endpoint.protocol());
    acceptor.bind(endpoint);
    acceptor.listen();
    SetListenOptions(&logger, acceptor);
}

auto AsioIoContext::ConnectTcp(const std::string& address, uint16_t port, std::error_code& errorCode)
    -> std::unique_ptr<IRawByteStream>
{
    asio::ip::tcp::endpoint endpoint{asio::ip::address::from_string(address), port};
    asio::ip::tcp::socket socket{_ioContext};

    socket.open(endpoint.protocol(), errorCode);
    if (errorCode)
    {
        return nullptr;
    }

    SetConnectOptions(_logger, socket);

    socket.connect(endpoint, errorCode);
    if (errorCode)
    {
        return nullptr;
    }
    return std::make_unique<AsioGenericRawByteStream>(*this, std::move(socket), *_logger);
}

auto AsioIoContext::MakeTcpAcceptor(const std::string& ipAddress, uint16_t port) -> std::unique_ptr<IAcceptor>
{
    asio::ip::tcp::endpoint endpoint{asio::ip::make_address(ipAddress), port};
    asio::ip::tcp::acceptor acceptor{_ioContext.get_executor()};

    OpenAcceptor(acceptor, endpoint, *_logger);

    return std::make_unique<AsioAcceptor<decltype(acceptor)>>(*this, std::move(acceptor), *_logger);
}

} // namespace VSilKit
