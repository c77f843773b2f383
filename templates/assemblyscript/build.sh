#!/bin/sh
# Builds {{name}}.wasm with AssemblyScript's asc and its WASI shim (npm; package.json pins
# them and the first build installs them). The SDK is the package lichen-sdk in packages/.
set -eu
cd "$(dirname "$0")"
if [ ! -x node_modules/.bin/asc ]; then npm install --no-audit --no-fund; fi
npx asc app.ts --path packages \
  --config node_modules/@assemblyscript/wasi-shim/asconfig.json \
  --exportStart _initialize -O -o {{name}}.wasm
echo "built $(pwd)/{{name}}.wasm"
