// Control (no call). Reduction of microsoft/windows-rs
// crates/libs/sys/src/Windows/Win32/Networking/WinSock/mod.rs: a constant table.
pub const SIO_INDEX_MCASTIF: u32 = 2550136841u32;
pub const SIO_KEEPALIVE_VALS: u32 = 2550136836u32;
pub const SIO_LIMIT_BROADCASTS: u32 = 2550136839u32;
pub const SIO_LOOPBACK_FAST_PATH: u32 = 2550136848u32;
pub const SIO_PRIORITY_HINT: u32 = 2550136856u32;
pub const SIO_TCP_INITIAL_RTO: u32 = 2550136849u32;
