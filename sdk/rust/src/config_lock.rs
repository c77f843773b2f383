//! Configuration (read items of a configuration store) and distributed locks (ABI version 3).
use crate::buffer::{decode_list, decode_pairs, encode_list, encode_pairs, take};
use crate::error::{check, Error, Result};
use crate::sys;

/// One item of a configuration store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigItem {
    /// Its key.
    pub key: String,
    /// Its value.
    pub value: String,
    /// Its version (empty when the store keeps none).
    pub version: String,
    /// Its metadata.
    pub metadata: Vec<(String, String)>,
}

/// The items of `keys` (none: every item) that the configuration store `store` has, in key
/// order; `metadata` goes to the store. Keys it lacks are left out.
pub fn config_get(
    store: &str,
    keys: &[&str],
    metadata: &[(&str, &str)],
) -> Result<Vec<ConfigItem>> {
    let k = encode_list(keys.iter().map(|key| key.as_bytes()));
    let m = encode_pairs(metadata);
    // SAFETY: (ptr, len) pairs of live slices.
    let handle = unsafe {
        sys::config_get(
            store.as_ptr(),
            store.len(),
            k.as_ptr(),
            k.len(),
            m.as_ptr(),
            m.len(),
        )
    };
    let entries = decode_list(&take(check(handle)?)?)?;
    if entries.len() % 4 != 0 {
        return Err(Error::new(-5, "config_get: not four entries per item"));
    }
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    entries
        .chunks(4)
        .map(|item| {
            Ok(ConfigItem {
                key: text(&item[0]),
                value: text(&item[1]),
                version: text(&item[2]),
                metadata: decode_pairs(&item[3])?,
            })
        })
        .collect()
}

/// What `unlock` found, as daprd answers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnlockStatus {
    /// Released.
    Success,
    /// No such lock (or it expired).
    LockDoesNotExist,
    /// Another owner holds it.
    LockBelongsToOthers,
}

/// Tries to take the lock on `resource` in the lock store `store` for `owner`: `true` when it
/// now holds it for `expiry_seconds` (> 0), `false` when an owner (this one too: locks are not
/// reentrant) holds it.
pub fn try_lock(store: &str, resource: &str, owner: &str, expiry_seconds: i32) -> Result<bool> {
    let (s, r, o) = (store, resource, owner);
    // SAFETY: (ptr, len) pairs of live slices.
    let held = unsafe {
        sys::lock_try(
            s.as_ptr(),
            s.len(),
            r.as_ptr(),
            r.len(),
            o.as_ptr(),
            o.len(),
            expiry_seconds,
        )
    };
    Ok(check(held)? == 1)
}

/// Releases `owner`'s lock on `resource` in the lock store `store`.
pub fn unlock(store: &str, resource: &str, owner: &str) -> Result<UnlockStatus> {
    let (s, r, o) = (store, resource, owner);
    // SAFETY: (ptr, len) pairs of live slices.
    let status = unsafe {
        sys::unlock(
            s.as_ptr(),
            s.len(),
            r.as_ptr(),
            r.len(),
            o.as_ptr(),
            o.len(),
        )
    };
    match check(status)? {
        0 => Ok(UnlockStatus::Success),
        1 => Ok(UnlockStatus::LockDoesNotExist),
        2 => Ok(UnlockStatus::LockBelongsToOthers),
        other => Err(Error::new(-5, format!("unlock: unknown status {}", other))),
    }
}
