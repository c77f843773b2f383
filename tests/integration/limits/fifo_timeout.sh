#!/usr/bin/env bash
# A guest opening a FIFO that nobody opens from the other side: --timeout must still end it.
# usage: fifo_timeout.sh EXPECT_RUN LICHEN GUEST.wasm r|w
set -euo pipefail
expect=$1 lichen=$2 guest=$3 mode=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/fifo"
bash "$expect" 134 "time limit reached.*--timeout 300ms" "" -- \
  timeout 30 "$lichen" run --timeout 300ms --dir "$dir::/d" "$guest" /d/fifo "$mode"
