//! State: get, save, delete (with ETags and options), bulk get and transactions. Keys are the
//! app's own (the sidecar prefixes them with the app id, as the HTTP API does).
use crate::buffer::{decode_list, encode_list, push_entry, take, take_string};
use crate::error::{check, Error, Result};
use crate::options::{GetOptions, WriteOptions};
use crate::sys;

/// A state store, by its component name (the embedded default is `statestore`).
#[derive(Clone, Copy, Debug)]
pub struct Store<'a> {
    name: &'a str,
}

/// A value with its ETag (`None` when the store gave none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The value's bytes, as saved.
    pub value: Vec<u8>,
    /// The ETag to pass to a later write with `WriteOptions::etag`.
    pub etag: Option<String>,
}

/// One key's answer in `Store::get_bulk`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkItem {
    /// The key asked for.
    pub key: String,
    /// `Ok(Some(item))` found, `Ok(None)` absent, `Err(message)` the store failed this key.
    pub result: std::result::Result<Option<Item>, String>,
}

/// An operation of `Store::transaction`.
#[derive(Clone, Debug)]
pub enum Operation {
    /// Saves `value` under `key`.
    Upsert {
        /// The key.
        key: String,
        /// The value.
        value: Vec<u8>,
        /// Its ETag, consistency, concurrency, TTL and metadata.
        options: WriteOptions,
    },
    /// Deletes `key`.
    Delete {
        /// The key.
        key: String,
        /// Its ETag, consistency, concurrency and metadata.
        options: WriteOptions,
    },
}

impl Operation {
    /// An upsert without options.
    pub fn upsert(key: &str, value: &[u8]) -> Operation {
        let (key, value) = (key.to_string(), value.to_vec());
        Operation::Upsert {
            key,
            value,
            options: WriteOptions::new(),
        }
    }
    /// A delete without options.
    pub fn delete(key: &str) -> Operation {
        Operation::Delete {
            key: key.to_string(),
            options: WriteOptions::new(),
        }
    }
    /// The same operation with these options.
    pub fn with(mut self, new: WriteOptions) -> Operation {
        match &mut self {
            Operation::Upsert { options, .. } | Operation::Delete { options, .. } => *options = new,
        }
        self
    }
    // Five entries: the kind, the key, the value, the ETag, the options (pairs in one entry).
    fn encode(&self, out: &mut Vec<u8>) {
        let (kind, key, value, options, ttl) = match self {
            Operation::Upsert {
                key,
                value,
                options,
            } => ("upsert", key, &value[..], options, true),
            Operation::Delete { key, options } => ("delete", key, &b""[..], options, false),
        };
        push_entry(out, kind.as_bytes());
        push_entry(out, key.as_bytes());
        push_entry(out, value);
        push_entry(out, options.etag_bytes());
        push_entry(out, &options.encode(ttl));
    }
}

impl<'a> Store<'a> {
    /// The store named `name`.
    pub fn new(name: &'a str) -> Store<'a> {
        Store { name }
    }

    /// The value under `key`, `None` when absent.
    pub fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let (s, k) = (self.name, key);
        // SAFETY: (ptr, len) pairs of live &strs.
        let handle = check(unsafe { sys::state_get(s.as_ptr(), s.len(), k.as_ptr(), k.len()) })?;
        if handle == 0 {
            return Ok(None);
        }
        take(handle).map(Some)
    }

    /// The value under `key` and its ETag, `None` when absent.
    pub fn get_item(&self, key: &str) -> Result<Option<Item>> {
        self.get_with(key, &GetOptions::new())
    }

    /// As `get_item`, with a consistency and metadata for the store (ABI version 2 when any
    /// option is set).
    pub fn get_with(&self, key: &str, options: &GetOptions) -> Result<Option<Item>> {
        let (s, k) = (self.name, key);
        let mut etag = 0i32;
        // SAFETY: (ptr, len) pairs of live slices; `etag` is an i32 we own.
        let handle = if options.is_empty() {
            unsafe { sys::state_get_etag(s.as_ptr(), s.len(), k.as_ptr(), k.len(), &mut etag) }
        } else {
            let o = options.encode();
            unsafe {
                let (sp, kp) = (s.as_ptr(), k.as_ptr());
                sys::state_get_with(sp, s.len(), kp, k.len(), o.as_ptr(), o.len(), &mut etag)
            }
        };
        let value = take(handle);
        let etag = take_string(etag)?; // taken even on failure, so the handle is not leaked
        let value = value?;
        if handle == 0 {
            return Ok(None);
        }
        Ok(Some(Item {
            value,
            etag: if etag.is_empty() { None } else { Some(etag) },
        }))
    }

    /// Saves `value` under `key`.
    pub fn save(&self, key: &str, value: &[u8]) -> Result<()> {
        self.save_with(key, value, &WriteOptions::new())
    }

    /// Saves with options: an ETag (`ErrorKind::EtagMismatch` unless current), consistency,
    /// concurrency, TTL, metadata (ABI version 2 when anything but the ETag is set).
    pub fn save_with(&self, key: &str, value: &[u8], options: &WriteOptions) -> Result<()> {
        let (s, k, e) = (self.name, key, options.etag_bytes());
        // SAFETY: (ptr, len) pairs of live slices.
        check(unsafe {
            let (sp, kp, vp, ep) = (s.as_ptr(), k.as_ptr(), value.as_ptr(), e.as_ptr());
            if options.only_etag() {
                sys::state_save(sp, s.len(), kp, k.len(), vp, value.len(), ep, e.len())
            } else {
                let o = options.encode(true);
                let (op, ol) = (o.as_ptr(), o.len());
                sys::state_save_with(
                    sp,
                    s.len(),
                    kp,
                    k.len(),
                    vp,
                    value.len(),
                    ep,
                    e.len(),
                    op,
                    ol,
                )
            }
        })
        .map(drop)
    }

    /// Deletes `key` (absent keys are no error).
    pub fn delete(&self, key: &str) -> Result<()> {
        self.delete_with(key, &WriteOptions::new())
    }

    /// Deletes with options: an ETag, consistency, concurrency, metadata (a TTL is ignored).
    pub fn delete_with(&self, key: &str, options: &WriteOptions) -> Result<()> {
        let (s, k, e) = (self.name, key, options.etag_bytes());
        // SAFETY: (ptr, len) pairs of live slices.
        check(unsafe {
            let (sp, kp, ep) = (s.as_ptr(), k.as_ptr(), e.as_ptr());
            if options.only_etag() {
                sys::state_delete(sp, s.len(), kp, k.len(), ep, e.len())
            } else {
                let o = options.encode(false);
                sys::state_delete_with(sp, s.len(), kp, k.len(), ep, e.len(), o.as_ptr(), o.len())
            }
        })
        .map(drop)
    }

    /// Reads several keys at once, in order; `metadata` goes to the store (ABI version 2).
    pub fn get_bulk(&self, keys: &[&str], metadata: &[(&str, &str)]) -> Result<Vec<BulkItem>> {
        let list = encode_list(keys.iter().map(|k| k.as_bytes()));
        let meta = crate::buffer::encode_pairs(metadata);
        let s = self.name;
        // SAFETY: (ptr, len) pairs of live slices.
        let handle = unsafe {
            sys::state_get_bulk(
                s.as_ptr(),
                s.len(),
                list.as_ptr(),
                list.len(),
                meta.as_ptr(),
                meta.len(),
            )
        };
        let entries = decode_list(&take(handle)?)?;
        if entries.len() % 4 != 0 {
            return Err(Error::new(
                -3,
                "the host's bulk answer is not four entries per key",
            ));
        }
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let mut items = Vec::new();
        for e in entries.chunks(4) {
            let etag = if e[3].is_empty() {
                None
            } else {
                Some(text(&e[3]))
            };
            let result = match e[1].as_slice() {
                [0] => Ok(None),
                [1] => Ok(Some(Item {
                    value: e[2].clone(),
                    etag,
                })),
                _ => Err(text(&e[2])),
            };
            items.push(BulkItem {
                key: text(&e[0]),
                result,
            });
        }
        Ok(items)
    }

    /// Applies `operations` all or nothing; `metadata` goes to the transaction (ABI version 2).
    /// `ErrorKind::Failed` when the store is not transactional.
    pub fn transaction(&self, operations: &[Operation], metadata: &[(&str, &str)]) -> Result<()> {
        let mut ops = Vec::new();
        for op in operations {
            op.encode(&mut ops);
        }
        let meta = crate::buffer::encode_pairs(metadata);
        let s = self.name;
        // SAFETY: (ptr, len) pairs of live slices.
        check(unsafe {
            sys::state_transaction(
                s.as_ptr(),
                s.len(),
                ops.as_ptr(),
                ops.len(),
                meta.as_ptr(),
                meta.len(),
            )
        })
        .map(drop)
    }
}
