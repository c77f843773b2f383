// Hello world in Rust for wasm32-wasi. Build with Debian's rustc:
// /usr/bin/rustc --target wasm32-wasi -O hello.rs -o hello.wasm
fn main() {
    let name = std::env::args().nth(1).unwrap_or_else(|| "world".to_string());
    println!("Hello, {}, from Rust!", name);
}
