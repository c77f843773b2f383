//! Logging into the sidecar's log (`log` import).
use crate::sys;

/// A log line's level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// 0
    Debug = 0,
    /// 1
    Info = 1,
    /// 2
    Warn = 2,
    /// 3
    Error = 3,
}

/// Logs a line in the sidecar's log. The host shows control bytes as `\xNN` and at most 4 KiB;
/// it cannot fail for a valid `&str`, so nothing is returned.
pub fn log(level: Level, message: &str) {
    // SAFETY: (ptr, len) of a live &str.
    unsafe {
        sys::log(level as i32, message.as_ptr(), message.len());
    }
}
