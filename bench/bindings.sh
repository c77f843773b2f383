#!/usr/bin/env bash
# A binding call of a tiny transform (bindings.wasm running examples/transform-binding, a fresh
# instance per call), measured beside bindings.localstorage reading a small file, the cheapest
# real output binding, as the anchor in the same run:
#  1. through the HTTP API of one real `lichen run` (POST /v1.0/bindings/NAME, wrk);
#  2. in-process, one OutputBinding::invoke per iteration (lichen_binding_bench).
# Prints rates, latencies and ratios. Timing is never asserted here.
# Usage: bench/bindings.sh [--quick] [--no-build] [BUILD_DIR]   (default: build)
# Environment: DURATION (s, default 10; --quick: 1), CONNECTIONS (default 4).
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib/args.sh
bench_args bindings.sh "$@"
duration=${DURATION:-$([ "$quick" = 1 ] && echo 1 || echo 10)}
connections=${CONNECTIONS:-4}
if [ "$build_first" = 1 ]; then
  cmake --build "$build" --target lichen lichen_binding_bench guest_transform_binding >/dev/null
fi
lichen="$build/src/cli/lichen"
transform="$(realpath -m "$build/tests/guests/transform_binding.wasm")"  # the YAML wants it absolute
for f in "$lichen" "$transform" "$build/bench/lichen_binding_bench"; do
  [ -f "$f" ] || { echo "bindings.sh: $f is missing (build it, or drop --no-build)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/lichen-bench-bindings.XXXXXX")
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() { echo "bindings.sh: $*" >&2; exit 1; }

mkdir -p "$work/resources" "$work/files"
cat >"$work/resources/bindings.yaml" <<YAML
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: transform}
spec:
  type: bindings.wasm
  version: v1
  metadata: [{name: url, value: "file://$transform"}]
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: files}
spec:
  type: bindings.localstorage
  version: v1
  metadata: [{name: rootPath, value: "$work/files"}]
YAML
"$lichen" run --app-id benchbindings --dapr-http-port 0 --data-dir "$work" \
  --resources-path "$work/resources" >"$work/lichen.log" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 200); do  # 20 s
  port=$(sed -nE 's/.*HTTP API listening on [^ ]*:([0-9]+).*/\1/p' "$work/lichen.log" | head -n1)
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/lichen.log" >&2; fail "lichen run did not start"; }
api="http://127.0.0.1:$port/v1.0/bindings"
post() { curl -sf --max-time 10 -d "$2" "$api/$1"; }

transform_body='{"operation":"execute","data":"hello lichen"}'
files_body='{"operation":"get","metadata":{"fileName":"bench.txt"}}'
post files '{"operation":"create","data":"hello lichen","metadata":{"fileName":"bench.txt"}}' \
  >/dev/null || fail "could not create the file"
answer=$(post transform "$transform_body") || fail "the transform failed"
[ "$answer" = '"HELLO LICHEN"' ] || fail "the transform answered $answer"
answer=$(post files "$files_body") || fail "the get failed"
[ "$answer" = 'hello lichen' ] || fail "the get answered $answer"

# measure NAME BODY: "REQ_PER_S P50_US P99_US" from wrk, under a deadline.
measure() {
  local out line requests rate p50 p99 errors
  out=$(WRK_METHOD=POST WRK_BODY=$2 timeout $((duration + 20)) wrk -t1 -c"$connections" \
    -d"${duration}s" --timeout 10s -s bench/apps/report.lua "$api/$1") || fail "wrk failed on $1"
  line=$(grep '^wrk-result ' <<<"$out") || fail "no result from wrk on $1: $out"
  read -r _ requests _ rate p50 p99 errors <<<"$line"
  [ "$requests" -gt 0 ] || fail "no request served on $1"
  [ "$errors" -eq 0 ] || fail "$errors errors on $1"
  echo "$rate $p50 $p99"
}
echo "binding call through the HTTP API, $connections connections (${duration}s each):"
printf '%-36s %10s %9s %9s\n' binding req/s p50_us p99_us
read -r wasm_rate p50 p99 <<<"$(measure transform "$transform_body")"
printf '%-36s %10.0f %9d %9d\n' "bindings.wasm (transform)" "$wasm_rate" "$p50" "$p99"
read -r files_rate p50 p99 <<<"$(measure files "$files_body")"
printf '%-36s %10.0f %9d %9d\n' "bindings.localstorage (get)" "$files_rate" "$p50" "$p99"
awk -v w="$wasm_rate" -v f="$files_rate" \
  'BEGIN { printf "bindings.wasm / bindings.localstorage: %.2fx the requests per second\n", w / f }'
curl -sf --max-time 10 -X POST "http://127.0.0.1:$port/v1.0/shutdown" >/dev/null || true

echo
echo "one invoke in-process (lichen_binding_bench):"
min_time=$([ "$quick" = 1 ] && echo 0.2 || echo 2)
out=$(timeout 300 "$build/bench/lichen_binding_bench" --benchmark_min_time="$min_time" \
  --benchmark_format=csv 2>/dev/null) || fail "lichen_binding_bench failed"
wasm_ns=$(awk -F, '/^"?BM_WasmTransform/ { print $4 }' <<<"$out")
files_ns=$(awk -F, '/^"?BM_LocalStorageGet/ { print $4 }' <<<"$out")
[ -n "$wasm_ns" ] && [ -n "$files_ns" ] || fail "lichen_binding_bench printed: $out"
awk -v w="$wasm_ns" -v f="$files_ns" 'BEGIN {
  printf "%-36s %10.2f us\n%-36s %10.2f us\n", "bindings.wasm (transform)", w / 1000,
    "bindings.localstorage (get)", f / 1000
  printf "bindings.wasm / bindings.localstorage: %.2fx the time per call\n", w / f }'
