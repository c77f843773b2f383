#!/usr/bin/env bash
# Apps under the real `lichen run`, measured with wrk against a peer in the same invocation:
#  1. a state GET done by a Wasm guest through the host ABI (N gets in one request) and by a
#     client through the HTTP API (GET /v1.0/state/statestore/KEY, one keep-alive connection);
#  2. an echo invocation (/v1.0/invoke/APP/method/echo) served by a Wasm app in-process (a
#     fresh instance per request, and pooled instances), by a plain HTTP app (Node's http)
#     behind the sidecar, and by that app with no sidecar.
# Prints the rates, p50/p99 latencies and the ratios. Timing is never asserted here.
# The Wasm app is bench/apps/bench_app.c; the HTTP app bench/apps/echo_app.mjs.
# Usage: bench/apps.sh [--quick] [--no-build] [BUILD_DIR]   (default: build)
#   --quick     1 s per measurement and 1,000 gets a request (the ctest smoke run)
#   --no-build  use the binaries already in BUILD_DIR
# Environment: DURATION (s, default 10), GETS (per request, default 20000), CONNECTIONS for
# the invocation runs (default 4), KEEP_WORK=1 keeps the temporary folder with the logs.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib/args.sh
bench_args apps.sh "$@"
if [ "$quick" = 1 ]; then
  duration=${DURATION:-1}
  gets=${GETS:-1000}
else
  duration=${DURATION:-10}
  gets=${GETS:-20000}
fi
connections=${CONNECTIONS:-4}

for tool in wrk curl node; do
  if ! command -v "$tool" >/dev/null; then
    echo "apps.sh: $tool not found (./scripts/setup.sh installs it)" >&2
    exit 1
  fi
done
if [ "$build_first" = 1 ]; then
  if [ ! -f "$build/build.ninja" ]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  cmake --build "$build" --target lichen guest_bench_app >/dev/null
fi
lichen="$build/src/cli/lichen"
app_wasm="$build/bench/bench_app.wasm"
for f in "$lichen" "$app_wasm"; do
  [ -f "$f" ] || { echo "apps.sh: $f is missing (build it, or drop --no-build)" >&2; exit 1; }
done

script=apps.sh
source bench/lib/procs.sh

# Every process runs side by side from the start; wrk drives one at a time. The Wasm app is
# served three times: with the embedded default store (SQLite); with an in-memory store under
# the same name, which shows what the store itself costs on each path; and with reused
# instances (--wasm-instances pool) instead of a fresh one per request.
node bench/apps/echo_app.mjs >"$work/echo_app.log" 2>&1 &
pids+=($!)
echo_port=$(wait_for_line "$work/echo_app.log" 'listening on port ([0-9]+)' 20) ||
  fail "echo_app did not start"
mkdir -p "$work/memory-resources"
cat >"$work/memory-resources/statestore.yaml" <<'YAML'
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: statestore}
spec: {type: state.in-memory, version: v1}
YAML
start_lichen benchwasm --app-id benchwasm "$app_wasm"
start_lichen benchmem --app-id benchmem --resources-path "$work/memory-resources" "$app_wasm"
start_lichen benchpool --app-id benchpool --wasm-instances pool "$app_wasm"
start_lichen benchhttp --app-id benchhttp --app-port "$echo_port"
wasm_port=$(wait_for_api benchwasm)
mem_port=$(wait_for_api benchmem)
pool_port=$(wait_for_api benchpool)
http_port=$(wait_for_api benchhttp)

# state_row LABEL PORT APP_ID: saves the key through the HTTP API (the guest reads it under the
# same app id), checks both paths' answers, measures both one request at a time and prints a row.
state_row() {
  local label=$1 port=$2 app=$3 state_url gets_url answer result guest_rate http_rate p50 p99
  local guest_gets
  fetch -X POST -H 'Content-Type: application/json' \
    -d '[{"key":"bench","value":"a small state value"}]' \
    "http://127.0.0.1:$port/v1.0/state/statestore" || fail "$app: could not save the key"
  state_url="http://127.0.0.1:$port/v1.0/state/statestore/bench"
  gets_url="http://127.0.0.1:$port/v1.0/invoke/$app/method/gets?n=$gets"
  answer=$(fetch "$state_url") || fail "GET $state_url failed"
  [ "$answer" = '"a small state value"' ] || fail "GET $state_url answered $answer"
  answer=$(fetch "$gets_url") || fail "GET $gets_url failed"
  [ "$answer" = "$gets" ] || fail "the guest answered $answer to $gets_url"
  result=$(measure "$gets_url" 1 1)
  read -r guest_rate _ _ <<<"$result"
  result=$(measure "$state_url" 1 1)
  read -r http_rate p50 p99 <<<"$result"
  guest_gets=$(awk -v r="$guest_rate" -v n="$gets" 'BEGIN { printf "%.0f", r * n }')
  awk -v l="$label" -v g="$guest_gets" -v h="$http_rate" -v p50="$p50" -v p99="$p99" 'BEGIN {
    printf "%-22s %12.0f %9.2f %12.0f %9.2f %7d %7d %8.1fx\n", l, g, 1e6 / g, h, 1e6 / h, p50,
      p99, g / h }'
}

echo "state GET, one at a time: a guest's lichen_state_get in a loop ($gets a request) and a"
echo "client's GET /v1.0/state/statestore/bench on one keep-alive connection (${duration}s each):"
printf '%-22s %12s %9s %12s %9s %7s %7s %9s\n' store guest_gets/s us/get http_gets/s us/get \
  p50_us p99_us guest/http
state_row "SQLite (default)" "$wasm_port" benchwasm
state_row "in-memory" "$mem_port" benchmem
echo "(the issue's goal for guest/http is 100x)"

payload='{"hello":"lichen","n":42}'
echo_urls=("http://127.0.0.1:$wasm_port/v1.0/invoke/benchwasm/method/echo"
  "http://127.0.0.1:$pool_port/v1.0/invoke/benchpool/method/echo"
  "http://127.0.0.1:$http_port/v1.0/invoke/benchhttp/method/echo"
  "http://127.0.0.1:$echo_port/echo")
labels=("Wasm app (fresh) via sidecar" "Wasm app (pool) via sidecar"
  "HTTP app (Node) via sidecar" "HTTP app (Node) direct")
for url in "${echo_urls[@]}"; do
  answer=$(fetch -H 'Content-Type: text/plain' -d "$payload" "$url") || fail "POST $url failed"
  [ "$answer" = "$payload" ] || fail "POST $url answered $answer"
done
echo
echo "echo invocation: POST of ${#payload} bytes answered with the same, $connections connections" \
  "(${duration}s each):"
printf '%-30s %10s %9s %9s\n' served_by req/s p50_us p99_us
rates=()
for i in 0 1 2 3; do
  result=$(measure "${echo_urls[$i]}" 1 "$connections" POST "$payload")
  read -r rate p50 p99 <<<"$result"
  rates+=("$rate")
  printf '%-30s %10.0f %9d %9d\n' "${labels[$i]}" "$rate" "$p50" "$p99"
done
awk -v w="${rates[0]}" -v p="${rates[1]}" -v h="${rates[2]}" -v d="${rates[3]}" 'BEGIN {
  printf "Wasm app (fresh) / HTTP app, both via the sidecar: %.2fx the requests per second\n", w / h
  printf "Wasm app (pool) / HTTP app, both via the sidecar: %.2fx the requests per second\n", p / h
  printf "HTTP app via the sidecar / direct: %.2fx the requests per second\n", h / d }'

# Stop the sidecars through the API and the app by signal, within a deadline (cleanup kills
# whatever is left).
for port in "$wasm_port" "$mem_port" "$pool_port" "$http_port"; do
  fetch -X POST "http://127.0.0.1:$port/v1.0/shutdown" >/dev/null || true
done
kill "${pids[0]}" 2>/dev/null || true
stop_all 15
