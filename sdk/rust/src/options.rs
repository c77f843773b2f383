//! Options of the state calls (docs/host-abi.md: `state_get_with`, `state_save_with`,
//! `state_delete_with`, `state_transaction`), sent to the host as pairs.
use crate::buffer::push_entry;

/// Read consistency, or write consistency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consistency {
    /// `strong`
    Strong,
    /// `eventual`
    Eventual,
}

/// What a write does when another wrote first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Concurrency {
    /// `first-write`: a write needs the current ETag.
    FirstWrite,
    /// `last-write`: the last write wins.
    LastWrite,
}

impl Consistency {
    fn name(self) -> &'static str {
        match self {
            Consistency::Strong => "strong",
            Consistency::Eventual => "eventual",
        }
    }
}

impl Concurrency {
    fn name(self) -> &'static str {
        match self {
            Concurrency::FirstWrite => "first-write",
            Concurrency::LastWrite => "last-write",
        }
    }
}

/// Options of a read: consistency and metadata for the store.
#[derive(Clone, Debug, Default)]
pub struct GetOptions {
    consistency: Option<Consistency>,
    metadata: Vec<(String, String)>,
}

impl GetOptions {
    /// No options.
    pub fn new() -> GetOptions {
        GetOptions::default()
    }
    /// Sets the read consistency.
    pub fn consistency(mut self, consistency: Consistency) -> GetOptions {
        self.consistency = Some(consistency);
        self
    }
    /// Adds metadata for the store.
    pub fn metadata(mut self, name: &str, value: &str) -> GetOptions {
        self.metadata.push((name.to_string(), value.to_string()));
        self
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.consistency.is_none() && self.metadata.is_empty()
    }
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        pair(
            &mut out,
            "consistency",
            self.consistency.map(Consistency::name),
        );
        metadata(&mut out, &self.metadata);
        out
    }
}

/// Options of a write (save, delete, or an operation of a transaction): an ETag, consistency,
/// concurrency, a TTL (saves only) and metadata for the store.
#[derive(Clone, Debug, Default)]
pub struct WriteOptions {
    pub(crate) etag: Option<String>,
    consistency: Option<Consistency>,
    concurrency: Option<Concurrency>,
    ttl_seconds: Option<i64>,
    metadata: Vec<(String, String)>,
}

impl WriteOptions {
    /// No options.
    pub fn new() -> WriteOptions {
        WriteOptions::default()
    }
    /// The write succeeds only if `etag` is the current ETag (else `ErrorKind::EtagMismatch`).
    pub fn etag(mut self, etag: &str) -> WriteOptions {
        self.etag = Some(etag.to_string());
        self
    }
    /// Sets the write consistency.
    pub fn consistency(mut self, consistency: Consistency) -> WriteOptions {
        self.consistency = Some(consistency);
        self
    }
    /// Sets the concurrency mode.
    pub fn concurrency(mut self, concurrency: Concurrency) -> WriteOptions {
        self.concurrency = Some(concurrency);
        self
    }
    /// The value expires after `seconds` (-1: never). Saves only: a delete ignores it.
    pub fn ttl(mut self, seconds: i64) -> WriteOptions {
        self.ttl_seconds = Some(seconds);
        self
    }
    /// Adds metadata for the store.
    pub fn metadata(mut self, name: &str, value: &str) -> WriteOptions {
        self.metadata.push((name.to_string(), value.to_string()));
        self
    }
    /// True when only the ETag (or nothing) is set: the version 1 calls suffice.
    pub(crate) fn only_etag(&self) -> bool {
        self.consistency.is_none()
            && self.concurrency.is_none()
            && self.ttl_seconds.is_none()
            && self.metadata.is_empty()
    }
    pub(crate) fn etag_bytes(&self) -> &[u8] {
        self.etag.as_deref().unwrap_or("").as_bytes()
    }
    /// The pairs (without the ETag, which has its own parameter); `with_ttl` is false for deletes.
    pub(crate) fn encode(&self, with_ttl: bool) -> Vec<u8> {
        let mut out = Vec::new();
        pair(
            &mut out,
            "consistency",
            self.consistency.map(Consistency::name),
        );
        pair(
            &mut out,
            "concurrency",
            self.concurrency.map(Concurrency::name),
        );
        if with_ttl {
            let ttl = self.ttl_seconds.map(|t| t.to_string());
            pair(&mut out, "ttlInSeconds", ttl.as_deref());
        }
        metadata(&mut out, &self.metadata);
        out
    }
}

fn pair(out: &mut Vec<u8>, name: &str, value: Option<&str>) {
    if let Some(value) = value {
        push_entry(out, name.as_bytes());
        push_entry(out, value.as_bytes());
    }
}

fn metadata(out: &mut Vec<u8>, pairs: &[(String, String)]) {
    for (name, value) in pairs {
        pair(out, name, Some(value));
    }
}
