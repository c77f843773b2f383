//! `Error`: a host error code (docs/host-abi.md, "Conventions") with the host's message.
use std::fmt;

/// What went wrong, from the code a host call returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// -1: a pointer outside the guest's memory (an SDK bug if it ever happens).
    BadPointer,
    /// -2: not a live handle.
    BadHandle,
    /// -3: an unknown field, an invalid key, ETag, status, header or list.
    InvalidArgument,
    /// -4: no such component (state store, pub/sub, secret store).
    NotFound,
    /// -5: the building block failed; the message says why, in Dapr's words.
    Failed,
    /// -6: the ETag given is not the current one.
    EtagMismatch,
    /// -7: too many handles or bytes held, or a response too large.
    Limit,
    /// -8: not allowed (a secret outside the app's scopes, a host not in the outbound list).
    NotAllowed,
    /// -9: nothing to read here (e.g. the request while serving an event).
    Unavailable,
    /// A code this SDK does not know (a newer host), or the SDK's own (bad data from the host).
    Other(i32),
}

impl ErrorKind {
    /// The kind of a negative host result.
    pub fn from_code(code: i32) -> ErrorKind {
        match code {
            -1 => ErrorKind::BadPointer,
            -2 => ErrorKind::BadHandle,
            -3 => ErrorKind::InvalidArgument,
            -4 => ErrorKind::NotFound,
            -5 => ErrorKind::Failed,
            -6 => ErrorKind::EtagMismatch,
            -7 => ErrorKind::Limit,
            -8 => ErrorKind::NotAllowed,
            -9 => ErrorKind::Unavailable,
            other => ErrorKind::Other(other),
        }
    }
}

/// A failed host call: the code the host returned and the message it gave for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    code: i32,
    message: String,
}

impl Error {
    /// An error with a code and message of your own (e.g. to fail a handler).
    pub fn new(code: i32, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
        }
    }
    /// The host's code (< 0), e.g. -6 for an ETag mismatch.
    pub fn code(&self) -> i32 {
        self.code
    }
    /// The code as an `ErrorKind`.
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::from_code(self.code)
    }
    /// The host's message for this error (Dapr's own words where a building block failed).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Takes the message of the host's last error; called right after a call returned `code`.
    pub(crate) fn last(code: i32) -> Error {
        // SAFETY: error_message takes no pointers; read_raw reads and drops the handle.
        let handle = unsafe { crate::sys::error_message() };
        let message = match crate::buffer::read_raw(handle) {
            Some(bytes) if !bytes.is_empty() => String::from_utf8_lossy(&bytes).into_owned(),
            _ => format!("{:?}", ErrorKind::from_code(code)),
        };
        Error { code, message }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (lichen error {})", self.message, self.code)
    }
}

impl std::error::Error for Error {}

/// The result of every SDK call that reaches the host.
pub type Result<T> = std::result::Result<T, Error>;

/// Turns a host result into `Ok(value)` (>= 0) or the last error (< 0).
pub(crate) fn check(result: i32) -> Result<i32> {
    if result < 0 {
        Err(Error::last(result))
    } else {
        Ok(result)
    }
}
