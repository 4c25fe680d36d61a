# Reduction of a Python module found by the search index (repository not resolved, see
# README.md): WSAIoctl called through ctypes on a socket's fileno(); every exception is
# swallowed ("purely an optimisation").
import ctypes
import os
import socket


def tune_socket(sock):
    if sock is None:
        return
    if os.name == "nt":
        try:
            import ctypes.wintypes

            sio_loopback_fast_path = 0x98000010
            enable = ctypes.c_uint32(1)
            returned = ctypes.wintypes.DWORD()
            ctypes.windll.ws2_32.WSAIoctl(
                ctypes.c_void_p(sock.fileno()), sio_loopback_fast_path,
                ctypes.byref(enable), ctypes.sizeof(enable), None, 0,
                ctypes.byref(returned), None, None,
            )
        except Exception:
            pass
