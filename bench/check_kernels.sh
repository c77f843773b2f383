#!/usr/bin/env bash
# Every benchmark kernel, at a small size, must give native code's checksum under Lichen.
set -euo pipefail
dir="$1"
runner="$2"
declare -A small=([matmul]=3 [sieve]=1 [sort]=1 [sha256]=2 [crc32]=1 [nbody]=1000 [fib]=20
                  [memloops]=2 [bytecode]=10000)
status=0
for k in "${!small[@]}"; do
  native=$("$dir/kernels/$k.native" "${small[$k]}" | cut -d' ' -f2)
  lichen=$("$runner" "$dir/kernels/$k.wasm" "${small[$k]}" | cut -d' ' -f2)
  if [ "$native" != "$lichen" ]; then
    echo "$k: native checksum $native, lichen $lichen"
    status=1
  else
    echo "$k: $lichen"
  fi
done
exit $status
