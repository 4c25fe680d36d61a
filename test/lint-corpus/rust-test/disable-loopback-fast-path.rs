// Reduction of a Rust test helper found by the search index (repository not resolved,
// see README.md): it passes 0 to turn the fast path off and returns the OS error.
#[cfg(windows)]
fn disable_loopback_fast_path(socket: &TcpSocket) -> std::io::Result<()> {
    use std::os::windows::io::AsRawSocket;
    const SIO_LOOPBACK_FAST_PATH: u32 = 0x9800_0010;

    let disabled = 0_i32;
    let mut bytes_returned = 0_u32;
    let result = unsafe {
        wsa_ioctl(
            socket.as_raw_socket() as usize,
            SIO_LOOPBACK_FAST_PATH,
            std::ptr::from_ref(&disabled).cast(),
            std::mem::size_of_val(&disabled) as u32,
            std::ptr::null_mut(),
            0,
            &mut bytes_returned,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}
