//! Service invocation (another app, this one, an HTTP app) and secrets.
use crate::buffer::{take, take_string};
use crate::error::{check, Result};
use crate::sys;

/// What an invoked app answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvokeResponse {
    /// The app's HTTP status (a 404 or 500 of the app is an answer, not an `Err`).
    pub status: u16,
    /// The app's response body.
    pub body: Vec<u8>,
}

impl InvokeResponse {
    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Invokes `method` of the app `app_id` through service invocation with `verb` (empty: POST),
/// a body and its content type (empty: none).
pub fn invoke(
    app_id: &str,
    verb: &str,
    method: &str,
    body: &[u8],
    content_type: &str,
) -> Result<InvokeResponse> {
    let (a, v, m, c) = (app_id, verb, method, content_type);
    let mut handle = 0i32;
    // SAFETY: (ptr, len) pairs of live slices; `handle` is an i32 we own.
    let status = unsafe {
        let (ap, vp, mp, bp, cp) = (
            a.as_ptr(),
            v.as_ptr(),
            m.as_ptr(),
            body.as_ptr(),
            c.as_ptr(),
        );
        sys::invoke(
            ap,
            a.len(),
            vp,
            v.len(),
            mp,
            m.len(),
            bp,
            body.len(),
            cp,
            c.len(),
            &mut handle,
        )
    };
    let status = check(status)?;
    Ok(InvokeResponse {
        status: status as u16,
        body: take(handle)?,
    })
}

/// The secret `name` of the secret store `store`, as the JSON object the store gives
/// (`{"key":"value"}`). `ErrorKind::NotAllowed` outside the app's secret scopes.
pub fn secret_get(store: &str, name: &str) -> Result<String> {
    let (s, n) = (store, name);
    // SAFETY: (ptr, len) pairs of live slices.
    take_string(unsafe { sys::secret_get(s.as_ptr(), s.len(), n.as_ptr(), n.len()) })
}
