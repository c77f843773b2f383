#!/bin/sh
# Builds {{name}}.wasm with rustc for wasm32-wasi (Debian 12: apt install rustc
# libstd-rust-dev-wasm32; /usr/bin/rustc, as a rustup toolchain may lack the wasm32-wasi std).
# The SDK first, as an rlib, then the app as a cdylib (a WASI reactor).
set -eu
cd "$(dirname "$0")"
RUSTC="${RUSTC:-/usr/bin/rustc}"
"$RUSTC" --edition 2021 --crate-type rlib --crate-name lichen --target wasm32-wasi -O \
  sdk/src/lib.rs -o liblichen.rlib
"$RUSTC" --edition 2021 --crate-type cdylib --target wasm32-wasi -O \
  --extern lichen=liblichen.rlib app.rs -o {{name}}.wasm
echo "built $(pwd)/{{name}}.wasm"
