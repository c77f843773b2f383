// {{name}}: a Lichen Wasm app in Rust. `lichen run --app-id {{name}} ...` serves it in-process:
//   POST /v1.0/invoke/{{name}}/method/hello   answers a greeting
//   POST /v1.0/invoke/{{name}}/method/count   adds 1 to the key "count" in the state store
// The SDK is sdk/src (the crate `lichen`); every call returns a Result.
use lichen::{App, Request, Response, Result, Store};

struct Hello;

impl App for Hello {
    fn invoke(&self, req: &Request, res: &mut Response) -> Result<()> {
        match req.method() {
            "hello" => {
                res.header("Content-Type", "text/plain")
                    .write_str("Hello from {{name}}, a Wasm app in Rust!\n");
            }
            "count" => {
                let store = Store::new("statestore");
                let count: u64 = store
                    .get("count")?
                    .and_then(|value| String::from_utf8(value).ok()?.parse().ok())
                    .unwrap_or(0)
                    + 1;
                store.save("count", count.to_string().as_bytes())?;
                res.header("Content-Type", "text/plain")
                    .write_str(&count.to_string());
            }
            _ => {
                res.status(404).write_str("no such method\n");
            }
        }
        Ok(())
    }
}

lichen::export_app!(Hello);
