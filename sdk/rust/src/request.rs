//! The invocation being served (`request_*` imports) and the answer being built (`response_*`).
use crate::buffer::{decode_pairs, take, take_string};
use crate::error::{check, Result};
use crate::sys;

/// A service invocation, read from the host when the handler starts.
#[derive(Debug)]
pub struct Request {
    verb: String,
    method: String,
    query: String,
    body: Vec<u8>,
    content_type: String,
}

impl Request {
    pub(crate) fn read() -> Result<Request> {
        // SAFETY: request_get takes a field number only.
        let field = |n| take(unsafe { sys::request_get(n) });
        let text = |n| take_string(unsafe { sys::request_get(n) });
        Ok(Request {
            verb: text(0)?,
            method: text(1)?,
            query: text(2)?,
            body: field(3)?,
            content_type: text(4)?,
        })
    }
    /// The HTTP verb: `GET`, `POST`, ...
    pub fn verb(&self) -> &str {
        &self.verb
    }
    /// The method path, decoded, without its leading `/` (`orders/42`).
    pub fn method(&self) -> &str {
        &self.method
    }
    /// The query string, still encoded, without the `?` (empty when none).
    pub fn query(&self) -> &str {
        &self.query
    }
    /// The body's bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The body's content type (empty when none was sent).
    pub fn content_type(&self) -> &str {
        &self.content_type
    }
    /// A request header's value (the name in any case); `None` when absent.
    pub fn header(&self, name: &str) -> Result<Option<String>> {
        // SAFETY: (ptr, len) of a live &str.
        let handle = check(unsafe { sys::request_header(name.as_ptr(), name.len()) })?;
        if handle == 0 {
            return Ok(None);
        }
        take_string(handle).map(Some)
    }
    /// Every header as (lower-case name, value), without the sidecar's tokens (ABI version 2).
    pub fn headers(&self) -> Result<Vec<(String, String)>> {
        // SAFETY: request_get takes a field number only.
        decode_pairs(&take(unsafe { sys::request_get(5) })?)
    }
}

/// The answer to an invocation. It is kept in the guest until the handler returns, so a handler
/// that fails with an `Err` answers a clean 500 rather than half a response.
#[derive(Debug, Default)]
pub struct Response {
    status: Option<u16>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    declined: bool,
}

impl Response {
    /// Sets the HTTP status (100..=599; default 200).
    pub fn status(&mut self, status: u16) -> &mut Response {
        self.status = Some(status);
        self
    }
    /// Adds a header (`Content-Type` sets the content type).
    pub fn header(&mut self, name: &str, value: &str) -> &mut Response {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
    /// Appends bytes to the body.
    pub fn write(&mut self, data: &[u8]) -> &mut Response {
        self.body.extend_from_slice(data);
        self
    }
    /// Appends text to the body.
    pub fn write_str(&mut self, text: &str) -> &mut Response {
        self.write(text.as_bytes())
    }

    /// The default `App::invoke`: the app serves no invocations (the host answers 404).
    pub(crate) fn decline(&mut self) {
        self.declined = true;
    }
    pub(crate) fn declined(&self) -> bool {
        self.declined
    }

    /// Hands the response to the host.
    pub(crate) fn send(&self) -> Result<()> {
        // SAFETY: every (ptr, len) below is a live slice of self.
        unsafe {
            if let Some(status) = self.status {
                check(sys::response_status(i32::from(status)))?;
            }
            for (name, value) in &self.headers {
                check(sys::response_header(
                    name.as_ptr(),
                    name.len(),
                    value.as_ptr(),
                    value.len(),
                ))?;
            }
            if !self.body.is_empty() {
                check(sys::response_write(self.body.as_ptr(), self.body.len()))?;
            }
        }
        Ok(())
    }
}
