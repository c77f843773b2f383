//! Host buffers (handles the guest copies out of, then drops) and the ABI's lists and pairs: each
//! entry a little-endian u32 length followed by its bytes (docs/host-abi.md, "Conventions").
use crate::error::{check, Error, Result};
use crate::sys;

/// Copies a host buffer out and drops it, without asking for the message of a failure (so
/// `Error::last` can use it without recursing). `None` when the host refused a call.
pub(crate) fn read_raw(handle: i32) -> Option<Vec<u8>> {
    if handle <= 0 {
        return Some(Vec::new());
    }
    // SAFETY: buffer_* take a handle and a (ptr, len) inside `out`, which we own.
    unsafe {
        let len = sys::buffer_len(handle);
        let mut out = Vec::new();
        if len >= 0 {
            out.resize(len as usize, 0u8);
            let mut done = 0usize;
            // The host copies "up to len" bytes per call: loop until the whole buffer is read.
            while done < out.len() {
                let n = sys::buffer_read(
                    handle,
                    done as i32,
                    out.as_mut_ptr().add(done),
                    out.len() - done,
                );
                if n <= 0 {
                    sys::buffer_drop(handle);
                    return None;
                }
                done += n as usize;
            }
        }
        sys::buffer_drop(handle);
        if len < 0 {
            None
        } else {
            Some(out)
        }
    }
}

/// Copies a host buffer out and drops it; a handle of 0 (absent) is an empty vector, and a
/// negative one is that error.
pub(crate) fn take(handle: i32) -> Result<Vec<u8>> {
    check(handle)?;
    read_raw(handle).ok_or_else(|| Error::new(-2, "the host's buffer could not be read"))
}

/// Like `take`, as text (invalid UTF-8 is replaced, as the host's names are ASCII).
pub(crate) fn take_string(handle: i32) -> Result<String> {
    take(handle).map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

/// Encodes entries as a list.
pub(crate) fn encode_list<'a, I: IntoIterator<Item = &'a [u8]>>(entries: I) -> Vec<u8> {
    let mut out = Vec::new();
    for entry in entries {
        push_entry(&mut out, entry);
    }
    out
}

pub(crate) fn push_entry(out: &mut Vec<u8>, entry: &[u8]) {
    out.extend_from_slice(&(entry.len() as u32).to_le_bytes());
    out.extend_from_slice(entry);
}

/// Encodes (name, value) pairs as a list of an even number of entries.
pub(crate) fn encode_pairs<N: AsRef<str>, V: AsRef<str>>(pairs: &[(N, V)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, value) in pairs {
        push_entry(&mut out, name.as_ref().as_bytes());
        push_entry(&mut out, value.as_ref().as_bytes());
    }
    out
}

/// Decodes a list the host made; an entry that runs past the end is an error.
pub(crate) fn decode_list(mut bytes: &[u8]) -> Result<Vec<Vec<u8>>> {
    let mut entries = Vec::new();
    while !bytes.is_empty() {
        if bytes.len() < 4 {
            return Err(malformed());
        }
        let len = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
        if bytes.len() - 4 < len {
            return Err(malformed());
        }
        entries.push(bytes[4..4 + len].to_vec());
        bytes = &bytes[4 + len..];
    }
    Ok(entries)
}

/// Decodes pairs the host made (header lists) into (name, value) strings.
pub(crate) fn decode_pairs(bytes: &[u8]) -> Result<Vec<(String, String)>> {
    let entries = decode_list(bytes)?;
    if entries.len() % 2 != 0 {
        return Err(malformed());
    }
    let text = |b: &Vec<u8>| String::from_utf8_lossy(b).into_owned();
    Ok(entries
        .chunks(2)
        .map(|p| (text(&p[0]), text(&p[1])))
        .collect())
}

fn malformed() -> Error {
    Error::new(-3, "the host returned a malformed list")
}
