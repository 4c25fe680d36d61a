# Reduction of a Python client found by the search index (repository not resolved, see
# README.md): a local constant, socket.ioctl on a TCP socket before connect, a bare
# except that drops everything.
import socket
import sys


def open_connection(host, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if sys.platform == 'win32':
        try:
            SIO_LOOPBACK_FAST_PATH = 0x98000010
            sock.ioctl(SIO_LOOPBACK_FAST_PATH, True)
        except:
            pass
    sock.connect((host, port))
    return sock
