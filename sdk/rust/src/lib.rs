//! Lichen's Rust guest SDK: a Wasm app for `lichen run --app-id ID app.wasm`, over the `lichen`
//! host ABI version 3 (docs/host-abi.md). No dependencies; builds with rustc 1.63 for
//! `wasm32-wasi`:
//!
//! ```text
//! rustc --edition 2021 --crate-type rlib --target wasm32-wasi -O sdk/rust/src/lib.rs
//! rustc --edition 2021 --crate-type cdylib --target wasm32-wasi -O --extern lichen=liblichen.rlib app.rs
//! ```
//!
//! An app implements `App` and exports it with `lichen::export_app!(MyApp);`. Every call that
//! reaches the host returns `lichen::Result<T>`; an `Error` has the host's code and message.
//! The SDK declares version 3 (`ABI_VERSION`): its apps need a host that serves version 3;
//! "ABI version 2" (or 3) in a function's documentation marks what an earlier version lacked.

#![warn(missing_docs)]

pub mod app;
mod binding;
mod buffer;
mod config_lock;
mod error;
mod event;
mod http;
mod invoke;
mod log;
mod options;
mod pubsub;
mod request;
pub mod state;
pub mod sys;

pub use app::App;
pub use binding::{binding_invoke, BindingEvent, BindingResponse};
pub use config_lock::{config_get, try_lock, unlock, ConfigItem, UnlockStatus};
pub use error::{Error, ErrorKind, Result};
pub use event::{Event, EventStatus};
pub use http::{http_request, HttpResponse};
pub use invoke::{invoke, secret_get, InvokeResponse};
pub use log::{log, Level};
pub use options::{Concurrency, Consistency, GetOptions, WriteOptions};
pub use pubsub::{publish, publish_with, subscribe};
pub use request::{Request, Response};
pub use state::{BulkItem, Item, Operation, Store};

/// The ABI version this SDK is built for, which `export_app!` declares to the host.
pub const ABI_VERSION: i32 = 3;
