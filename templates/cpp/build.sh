#!/bin/sh
# Builds {{name}}.wasm with clang++-19 and wasi-libc (Debian 12: apt install clang-19 lld-19
# wasi-libc). --sysroot=/usr is where Debian puts wasi-libc.
set -eu
cd "$(dirname "$0")"
clang++-19 --target=wasm32-wasi --sysroot=/usr -O2 -mexec-model=reactor -fno-exceptions \
  -I sdk app.cc -x c sdk/lichen.c -o {{name}}.wasm
echo "built $(pwd)/{{name}}.wasm"
