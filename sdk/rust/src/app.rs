//! The handler trait and the exports `export_app!` generates for it (docs/host-abi.md,
//! "Guest exports").
use crate::binding::BindingEvent;
use crate::error::{Error, Result};
use crate::event::{Event, EventStatus};
use crate::log::{log, Level};
use crate::request::{Request, Response};
use std::io::Write;

/// A Wasm app: implement the handlers you serve and name the type in `lichen::export_app!`.
/// Each request and event runs in a fresh instance, so `self` is made anew for each one.
pub trait App {
    /// Once at start-up, before the sidecar serves: seed state, `subscribe`, log. An `Err` stops
    /// `lichen run`.
    fn init(&self) -> Result<()> {
        Ok(())
    }
    /// A service invocation. An `Err` answers HTTP 500 with the error's text (and logs it); the
    /// default serves no invocations (the host answers 404).
    fn invoke(&self, _req: &Request, res: &mut Response) -> Result<()> {
        res.decline();
        Ok(())
    }
    /// A pub/sub event. An `Err` is logged and the event retried; the default drops events.
    fn event(&self, _ev: &Event) -> Result<EventStatus> {
        Ok(EventStatus::Drop)
    }
    /// An input-binding event (ABI version 2). An `Err` is logged and is an error for the
    /// binding; the default handles none (an error: configure no input binding for such an app).
    fn binding(&self, _ev: &BindingEvent) -> Result<()> {
        Err(Error::new(-9, "this app handles no input-binding events"))
    }
}

// The instance is dropped after each export returns: nothing else would flush stdout.
fn flush() {
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
}

#[doc(hidden)]
pub fn run_init<A: App>(app: &A) -> i32 {
    let result = match app.init() {
        Ok(()) => 0,
        Err(e) => {
            log(Level::Error, &format!("init failed: {}", e));
            1
        }
    };
    flush();
    result
}

#[doc(hidden)]
pub fn run_invoke<A: App>(app: &A) -> i32 {
    let mut res = Response::default();
    let outcome = Request::read().and_then(|req| app.invoke(&req, &mut res));
    let result = if res.declined() {
        1
    } else {
        let sent = outcome.and_then(|()| res.send());
        if let Err(e) = sent {
            log(Level::Error, &format!("invocation failed: {}", e));
            let mut failed = Response::default();
            failed
                .status(500)
                .header("Content-Type", "text/plain")
                .write_str(&e.to_string());
            let _ = failed.send();
        }
        0
    };
    flush();
    result
}

#[doc(hidden)]
pub fn run_event<A: App>(app: &A) -> i32 {
    let status = match Event::read().and_then(|ev| app.event(&ev)) {
        Ok(status) => status,
        Err(e) => {
            log(Level::Error, &format!("event failed: {}", e));
            EventStatus::Retry
        }
    };
    flush();
    status as i32
}

#[doc(hidden)]
pub fn run_binding<A: App>(app: &A) -> i32 {
    let result = match BindingEvent::read().and_then(|ev| app.binding(&ev)) {
        Ok(()) => 0,
        Err(e) => {
            log(Level::Warn, &format!("input binding failed: {}", e));
            1
        }
    };
    flush();
    result
}

/// Exports the app's handlers for the host: `lichen_abi_version`, `lichen_init`,
/// `lichen_handle_invoke`, `lichen_handle_event`, `lichen_handle_binding`, and `_initialize`
/// (which runs the module's constructors once per instance, making the module a WASI
/// reactor). Give it an expression that makes the app, e.g. `lichen::export_app!(Counter);`
/// for a unit struct. Use it once, in the app's crate root, built as a `cdylib`.
#[macro_export]
macro_rules! export_app {
    ($app:expr) => {
        #[no_mangle]
        pub extern "C" fn _initialize() {
            extern "C" {
                // The linker's function that runs static constructors (wasi-libc's included);
                // calling it here is what wasi-libc's crt1-reactor.o would do.
                fn __wasm_call_ctors();
            }
            // SAFETY: called once by the host, first in each fresh instance.
            unsafe { __wasm_call_ctors() }
        }
        #[no_mangle]
        pub extern "C" fn lichen_abi_version() -> i32 {
            $crate::ABI_VERSION
        }
        #[no_mangle]
        pub extern "C" fn lichen_init() -> i32 {
            $crate::app::run_init(&$app)
        }
        #[no_mangle]
        pub extern "C" fn lichen_handle_invoke() -> i32 {
            $crate::app::run_invoke(&$app)
        }
        #[no_mangle]
        pub extern "C" fn lichen_handle_event() -> i32 {
            $crate::app::run_event(&$app)
        }
        #[no_mangle]
        pub extern "C" fn lichen_handle_binding() -> i32 {
            $crate::app::run_binding(&$app)
        }
    };
}
