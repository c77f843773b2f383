#!/usr/bin/env bash
# middleware.http.wasm through the real `lichen run`, measured with wrk against a peer in the
# same invocation: the same sidecar with no pipeline, and with an httpPipeline of one
# pass-through Wasm guest (tests/guests/http_wasm/passthrough.c), on GET /v1.0/healthz and on a
# state GET (in-memory store). Prints rates, p50/p99 and the ratios; then the in-process cost
# per call (lichen_middleware_bench). Timing is never asserted here.
# Usage: bench/middleware.sh [--quick] [--no-build] [BUILD_DIR]   (default: build)
#   --quick     1 s per measurement;  --no-build  use the binaries already in BUILD_DIR
# Environment: DURATION (s, default 10), CONNECTIONS (default 4).
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib/args.sh
bench_args middleware.sh "$@"
duration=${DURATION:-$([ "$quick" = 1 ] && echo 1 || echo 10)}
connections=${CONNECTIONS:-4}
for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "middleware.sh: $tool not found" >&2; exit 1; }
done
if [ "$build_first" = 1 ]; then
  cmake --build "$build" --target lichen guest_http_passthrough lichen_middleware_bench >/dev/null
fi
lichen="$build/src/cli/lichen"
guest="$(readlink -f "$build/tests/guests/http_passthrough.wasm")"

work=$(mktemp -d "${TMPDIR:-/tmp}/lichen-bench-mw.XXXXXX")
pids=()
cleanup() {
  local pid
  # start() runs in $(...): its sidecars' pids come back through a file.
  if [ -f "$work/pids" ]; then mapfile -t -O "${#pids[@]}" pids <"$work/pids"; fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "middleware.sh: $*" >&2; exit 1; }

mkdir -p "$work/plain" "$work/wasm"
cat >"$work/plain/store.yaml" <<'YAML'
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: statestore}
spec: {type: state.in-memory, version: v1}
YAML
cp "$work/plain/store.yaml" "$work/wasm/store.yaml"
cat >"$work/wasm/passthrough.yaml" <<YAML
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: passthrough}
spec:
  type: middleware.http.wasm
  version: v1
  metadata: [{name: url, value: "file://$guest"}]
YAML
cat >"$work/config.yaml" <<'YAML'
apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata: {name: bench}
spec:
  httpPipeline:
    handlers: [{name: passthrough, type: middleware.http.wasm}]
YAML

# start NAME ARGS...: `lichen run` on a port of its choosing; prints the port once healthy.
start() {
  local name=$1 port deadline=$((SECONDS + 20))
  shift
  "$lichen" run --app-id "$name" --dapr-http-port 0 --data-dir "$work/$name.data" "$@" \
    >"$work/$name.log" 2>&1 &
  echo $! >>"$work/pids"
  until port=$(sed -nE 's/.*HTTP API listening on [^ ]*:([0-9]+).*/\1/p' "$work/$name.log" |
                 head -n1) && [ -n "$port" ]; do
    [ "$SECONDS" -lt "$deadline" ] || { cat "$work/$name.log" >&2; fail "$name did not start"; }
    sleep 0.1
  done
  until curl -sf --max-time 5 "http://127.0.0.1:$port/v1.0/healthz" >/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$name is not healthy"
    sleep 0.1
  done
  echo "$port"
}
plain=$(start plain --resources-path "$work/plain")
wasm=$(start wasm --resources-path "$work/wasm" --config "$work/config.yaml")
for port in "$plain" "$wasm"; do
  curl -sf --max-time 5 -X POST -H 'content-type: application/json' \
    -d '[{"key":"k","value":"v"}]' "http://127.0.0.1:$port/v1.0/state/statestore" ||
    fail "could not save the key on $port"
done

# measure URL: "REQ_PER_S P50_US P99_US" from wrk; fails on errors or when nothing was served.
measure() {
  local out line requests rate p50 p99 errors
  out=$(timeout $((duration + 20)) wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s \
    -s bench/apps/report.lua "$1") || fail "wrk failed on $1"
  line=$(grep '^wrk-result ' <<<"$out") || fail "no result from wrk on $1: $out"
  read -r _ requests _ rate p50 p99 errors <<<"$line"
  [ "$requests" -gt 0 ] || fail "no request served on $1"
  [ "$errors" -eq 0 ] || fail "$errors errors on $1"
  echo "$rate $p50 $p99"
}

printf '%-28s %12s %12s %10s %10s %8s\n' path "no pipeline" "wasm pipeline" "p50 us" "p99 us" ratio
for path in /v1.0/healthz /v1.0/state/statestore/k; do
  read -r base _ _ <<<"$(measure "http://127.0.0.1:$plain$path")"
  read -r rate p50 p99 <<<"$(measure "http://127.0.0.1:$wasm$path")"
  printf '%-28s %12.0f %12.0f %10s %10s %8.2f\n' "$path" "$base" "$rate" "$p50" "$p99" \
    "$(echo "$rate / $base" | bc -l)"
done
echo
"$build/bench/lichen_middleware_bench" --benchmark_min_time=$([ "$quick" = 1 ] && echo 0.05 || echo 0.5)
