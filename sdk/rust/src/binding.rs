//! Bindings (ABI version 2): the input-binding event being served (`binding_get`) and output
//! bindings (`binding_invoke`).
use crate::buffer::{decode_pairs, encode_pairs, take, take_string};
use crate::error::{check, Result};
use crate::sys;

/// An input-binding event (e.g. a `bindings.cron` tick), read from the host when the handler
/// starts.
#[derive(Debug)]
pub struct BindingEvent {
    /// The binding's component name.
    pub name: String,
    /// The event's data.
    pub data: Vec<u8>,
    /// The event's metadata as (name, value); cron gives `timeZone` and `readTimeUTC`.
    pub metadata: Vec<(String, String)>,
}

impl BindingEvent {
    pub(crate) fn read() -> Result<BindingEvent> {
        // SAFETY: binding_get takes a field number only.
        let field = |n| take(unsafe { sys::binding_get(n) });
        Ok(BindingEvent {
            name: take_string(unsafe { sys::binding_get(0) })?,
            data: field(1)?,
            metadata: decode_pairs(&field(2)?)?,
        })
    }
    /// The value of the metadata entry `name`, if any.
    pub fn metadata(&self, name: &str) -> Option<&str> {
        let found = self.metadata.iter().find(|(n, _)| n == name);
        found.map(|(_, v)| v.as_str())
    }
}

/// What an output binding answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindingResponse {
    /// The response data (empty when the operation gives none).
    pub data: Vec<u8>,
    /// The response metadata as (name, value).
    pub metadata: Vec<(String, String)>,
}

impl BindingResponse {
    /// The data as text (invalid UTF-8 replaced).
    pub fn data_text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

/// Invokes the output binding `name` with an operation (`create`, `get`, ...), data and
/// metadata, as `POST /v1.0/bindings/NAME` does. `ErrorKind::NotFound` when there is no such
/// output binding, `Failed` when the binding fails.
pub fn binding_invoke(
    name: &str,
    operation: &str,
    data: &[u8],
    metadata: &[(&str, &str)],
) -> Result<BindingResponse> {
    let (n, o) = (name, operation);
    let m = encode_pairs(metadata);
    let mut out = [0i32; 2];
    // SAFETY: (ptr, len) pairs of live slices; `out` is 8 bytes we own.
    let result = unsafe {
        let (np, op, dp) = (n.as_ptr(), o.as_ptr(), data.as_ptr());
        let (mp, ml) = (m.as_ptr(), m.len());
        sys::binding_invoke(
            np,
            n.len(),
            op,
            o.len(),
            dp,
            data.len(),
            mp,
            ml,
            out.as_mut_ptr(),
        )
    };
    check(result)?;
    let data = take(out[0]);
    let metadata = take(out[1]);
    Ok(BindingResponse {
        data: data?,
        metadata: decode_pairs(&metadata?)?,
    })
}
