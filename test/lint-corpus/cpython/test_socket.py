# Reduction of python/cpython Lib/test/test_socket.py, test_sio_loopback_fast_path (see
# README.md): only WSAEOPNOTSUPP is tolerated (the test is skipped); any other OSError
# fails the test. The assertRaises line passes the method without calling it.
import os
import socket
import unittest


class GeneralModuleTests(unittest.TestCase):
    @unittest.skipUnless(os.name == "nt", "Windows specific")
    def test_sio_loopback_fast_path(self):
        s = socket.socket()
        self.addCleanup(s.close)
        try:
            s.ioctl(socket.SIO_LOOPBACK_FAST_PATH, True)
        except OSError as exc:
            WSAEOPNOTSUPP = 10045
            if exc.winerror == WSAEOPNOTSUPP:
                self.skipTest("SIO_LOOPBACK_FAST_PATH is defined but "
                              "doesn't implemented in this Windows version")
            raise
        self.assertRaises(TypeError, s.ioctl, socket.SIO_LOOPBACK_FAST_PATH, None)
