# Control (no call). Reduction of a test of a minimum-version detector (search index;
# repository not resolved, see README.md): the name appears in strings only.
class ModuleMemberTests:
    def test_SIO_KEEPALIVE_VALS_of_socket(self):
        self.assertOnlyIn(((2, 6), (3, 0)), self.detect("from socket import SIO_KEEPALIVE_VALS"))

    def test_SIO_LOOPBACK_FAST_PATH_of_socket(self):
        self.assertOnlyIn((3, 6), self.detect("from socket import SIO_LOOPBACK_FAST_PATH"))
