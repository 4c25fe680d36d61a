# Control (no call). Reduction of python/typeshed stdlib/socket.pyi: the constant is
# declared, not used.
import sys

if sys.platform == "win32":
    from _socket import SIO_KEEPALIVE_VALS as SIO_KEEPALIVE_VALS, SIO_RCVALL as SIO_RCVALL
    if sys.version_info >= (3, 6):
        from _socket import SIO_LOOPBACK_FAST_PATH as SIO_LOOPBACK_FAST_PATH
