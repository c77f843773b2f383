//! Outbound HTTP (`http_request`, ABI version 2), to hosts `--allowed-outbound-hosts` allows.
use crate::buffer::{decode_pairs, encode_pairs, take};
use crate::error::{check, Result};
use crate::sys;

/// An outbound HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response headers as (name, value), in the order received.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let found = self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name));
        found.map(|(_, v)| v.as_str())
    }
    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `method url` with headers and a body over HTTP/1.1 (`http://` or `https://`).
/// Redirects are not followed. `ErrorKind::NotAllowed` for a host not allowed, `Failed` for no
/// connection or a bad answer, `Limit` for a body over 16 MiB.
pub fn http_request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<HttpResponse> {
    let (m, u) = (method, url);
    let h = encode_pairs(headers);
    let mut out = [0i32; 2];
    // SAFETY: (ptr, len) pairs of live slices; `out` is 8 bytes we own.
    let status = unsafe {
        let (mp, up, bp) = (m.as_ptr(), u.as_ptr(), body.as_ptr());
        sys::http_request(
            mp,
            m.len(),
            up,
            u.len(),
            h.as_ptr(),
            h.len(),
            bp,
            body.len(),
            out.as_mut_ptr(),
        )
    };
    let status = check(status)?;
    let body = take(out[0]);
    let headers = take(out[1]);
    Ok(HttpResponse {
        status: status as u16,
        headers: decode_pairs(&headers?)?,
        body: body?,
    })
}
