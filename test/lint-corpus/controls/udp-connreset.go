// Control (another ioctl of the same family). Reduction of a Go probe found by the
// search index (repository not resolved, see README.md): SIO_UDP_CONNRESET is
// _WSAIOW(IOC_VENDOR, 12), not 16.
package probe

import (
	"net"
	"unsafe"

	"golang.org/x/sys/windows"
)

const sioUDPConnReset = uint32(windows.IOC_IN | windows.IOC_VENDOR | 12)

func enableRefusedReports(conn *net.UDPConn) error {
	rc, err := conn.SyscallConn()
	if err != nil {
		return err
	}
	var ctrlErr error
	err = rc.Control(func(fd uintptr) {
		enabled := uint32(1)
		var ret uint32
		ctrlErr = windows.WSAIoctl(windows.Handle(fd), sioUDPConnReset,
			(*byte)(unsafe.Pointer(&enabled)), uint32(unsafe.Sizeof(enabled)),
			nil, 0, &ret, nil, 0)
	})
	if err != nil {
		return err
	}
	return ctrlErr
}
