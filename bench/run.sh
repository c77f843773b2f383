#!/usr/bin/env bash
# Runs every compute kernel natively, under Lichen, and under V8 (default tiers and Liftoff
# only) in one invocation, then the Google Benchmark microbenchmarks, and prints the ratios.
# Usage: bench/run.sh [BUILD_DIR]   (default: build; builds the bench targets first)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" --target bench_kernels lichen_kernel_runner lichen_micro_bench >/dev/null

# Work per kernel, sized for roughly 50 ms of native time on a 2-core cloud machine.
kernels=(matmul:600 sieve:20 sort:10 sha256:250 crc32:25 nbody:1300000 fib:37 memloops:470
         bytecode:3500000)
dir="$build/bench/kernels"
node_bin="$(command -v node)"

# Best of three runs: prints "<ms> <checksum>".
best() {
  local best_ms="" line ms check
  for _ in 1 2 3; do
    line=$("$@")
    ms=${line%% *}
    check=${line##* }
    if [ -z "$best_ms" ] || awk -v a="$ms" -v b="$best_ms" 'BEGIN { exit !(a < b) }'; then
      best_ms=$ms
    fi
  done
  echo "$best_ms $check"
}

printf '%-9s %10s %10s %10s %10s %13s %13s\n' kernel native_ms lichen_ms v8_ms liftoff_ms \
  lichen/native lichen/liftoff
sum_native=0
sum_liftoff=0
count=0
mismatch=0
for entry in "${kernels[@]}"; do
  k=${entry%%:*}
  n=${entry##*:}
  read -r native nc < <(best "$dir/$k.native" "$n")
  read -r lichen lc < <(best "$build/bench/lichen_kernel_runner" "$dir/$k.wasm" "$n")
  read -r v8 vc < <(best "$node_bin" bench/runners/v8_runner.mjs "$dir/$k.wasm" "$n")
  read -r liftoff fc < <(best "$node_bin" --liftoff --no-wasm-tier-up bench/runners/v8_runner.mjs \
    "$dir/$k.wasm" "$n")
  if [ "$nc" != "$lc" ] || [ "$lc" != "$vc" ] || [ "$vc" != "$fc" ]; then
    echo "$k: checksums differ (native $nc, lichen $lc, v8 $vc, liftoff $fc)" >&2
    mismatch=1
  fi
  r_native=$(awk -v a="$native" -v b="$lichen" 'BEGIN { printf "%.2f%%", 100 * a / b }')
  r_liftoff=$(awk -v a="$liftoff" -v b="$lichen" 'BEGIN { printf "%.2f%%", 100 * a / b }')
  printf '%-9s %10.2f %10.2f %10.2f %10.2f %13s %13s\n' "$k" "$native" "$lichen" "$v8" \
    "$liftoff" "$r_native" "$r_liftoff"
  sum_native=$(awk -v s="$sum_native" -v a="$native" -v b="$lichen" 'BEGIN { print s + log(a / b) }')
  sum_liftoff=$(awk -v s="$sum_liftoff" -v a="$liftoff" -v b="$lichen" 'BEGIN { print s + log(a / b) }')
  count=$((count + 1))
done
awk -v s="$sum_native" -v l="$sum_liftoff" -v n="$count" 'BEGIN {
  printf "geometric mean: Lichen runs at %.2f%% of native speed, %.2f%% of V8 Liftoff speed\n",
    100 * exp(s / n), 100 * exp(l / n) }'

echo
"$build/bench/lichen_micro_bench" --benchmark_min_time=0.2
exit $mismatch
