//! Publishing events and subscribing to topics.
use crate::buffer::encode_pairs;
use crate::error::{check, Result};
use crate::sys;

/// Publishes `data` to `topic` of the pub/sub component `pubsub`, in a CloudEvent, with its
/// content type (empty: `text/plain`), as the HTTP API's publish does.
pub fn publish(pubsub: &str, topic: &str, data: &[u8], content_type: &str) -> Result<()> {
    let (p, t, c) = (pubsub, topic, content_type);
    // SAFETY: (ptr, len) pairs of live slices.
    check(unsafe {
        sys::publish(
            p.as_ptr(),
            p.len(),
            t.as_ptr(),
            t.len(),
            data.as_ptr(),
            data.len(),
            c.as_ptr(),
            c.len(),
        )
    })
    .map(drop)
}

/// As `publish`, with metadata as the HTTP API's `metadata.NAME` query: `rawPayload` (`"true"`:
/// no CloudEvent), `ttlInSeconds`, `cloudevent.id`, `cloudevent.type`, ... (ABI version 2).
pub fn publish_with(
    pubsub: &str,
    topic: &str,
    data: &[u8],
    content_type: &str,
    metadata: &[(&str, &str)],
) -> Result<()> {
    let (p, t, c) = (pubsub, topic, content_type);
    let m = encode_pairs(metadata);
    // SAFETY: (ptr, len) pairs of live slices.
    check(unsafe {
        let (pp, tp, dp, cp) = (p.as_ptr(), t.as_ptr(), data.as_ptr(), c.as_ptr());
        sys::publish_with(
            pp,
            p.len(),
            tp,
            t.len(),
            dp,
            data.len(),
            cp,
            c.len(),
            m.as_ptr(),
            m.len(),
        )
    })
    .map(drop)
}

/// Subscribes the app to `topic`: its events reach `App::event` with `route` (a path such as
/// `/orders`; the host adds the leading `/` if missing) as `Event::route`.
/// Options: `deadLetterTopic`; other names are the subscription's metadata (e.g.
/// `rawPayload`). Only in `App::init` (else `ErrorKind::Unavailable`; ABI version 2).
pub fn subscribe(pubsub: &str, topic: &str, route: &str, options: &[(&str, &str)]) -> Result<()> {
    let (p, t, r) = (pubsub, topic, route);
    let o = encode_pairs(options);
    // SAFETY: (ptr, len) pairs of live slices.
    check(unsafe {
        let (pp, tp, rp) = (p.as_ptr(), t.as_ptr(), r.as_ptr());
        sys::subscribe(pp, p.len(), tp, t.len(), rp, r.len(), o.as_ptr(), o.len())
    })
    .map(drop)
}
