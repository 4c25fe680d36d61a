# Reduced from a Python network manager (not resolved; search-index file 67156274553): a
# method configures a socket for low latency, the fast path among its options, and is
# called through self on a socket just created.
import asyncio
import logging
import socket

logger = logging.getLogger(__name__)


class NetworkManager:
    def __init__(self):
        self.socket_options = {'so_rcvbuf': 262144, 'so_sndbuf': 262144}
        self.connections = {}

    def _configure_socket(self, sock: socket.socket) -> None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.socket_options['so_rcvbuf'])
        try:
            sock.ioctl(socket.SIO_LOOPBACK_FAST_PATH, True)
        except (AttributeError, OSError):
            pass

    async def connect(self, name: str, host: str, port: int) -> bool:
        try:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self._configure_socket(sock)
            sock.setblocking(False)
            reader, writer = await asyncio.open_connection(host, port)
            self.connections[name] = {'reader': reader, 'writer': writer}
            return True
        except Exception as e:
            logger.error(f"connect {name}: {e}")
            return False
