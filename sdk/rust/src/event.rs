//! The pub/sub event being served (`event_get`) and the handler's answer.
use crate::buffer::{take, take_string};
use crate::error::Result;
use crate::sys;

/// A pub/sub event, read from the host when the handler starts.
#[derive(Debug)]
pub struct Event {
    /// The pub/sub component's name.
    pub pubsub: String,
    /// The topic.
    pub topic: String,
    /// The route the subscription chose, a path (`/orders`: as given to `subscribe` or in
    /// Subscription YAML, with a leading `/` the host adds when it is missing).
    pub route: String,
    /// The CloudEvent's id.
    pub id: String,
    /// The CloudEvent's type.
    pub event_type: String,
    /// The data's content type.
    pub content_type: String,
    /// The CloudEvent's `data` (`data_base64` decoded), or a raw payload as it is.
    pub data: Vec<u8>,
}

impl Event {
    pub(crate) fn read() -> Result<Event> {
        // SAFETY: event_get takes a field number only.
        let text = |n| take_string(unsafe { sys::event_get(n) });
        Ok(Event {
            pubsub: text(0)?,
            topic: text(1)?,
            route: text(2)?,
            id: text(3)?,
            event_type: text(4)?,
            content_type: text(5)?,
            data: take(unsafe { sys::event_get(6) })?,
        })
    }
    /// The data as text (invalid UTF-8 replaced).
    pub fn data_text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

/// What the app did with an event (pub/sub's delivery rules follow from it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventStatus {
    /// Handled: acknowledged.
    Success = 0,
    /// Not handled now: retried (or sent to the dead-letter topic).
    Retry = 1,
    /// Never handled: acknowledged and logged.
    Drop = 2,
}
