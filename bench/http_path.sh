#!/usr/bin/env bash
# The sidecar's own HTTP path, against anchors run in the same invocation (wrk -t1 -c32):
#  1. a state GET from the in-memory store (GET /v1.0/state/statestore/bench) beside nginx
#     serving the same bytes as a static file (one worker) and a Node `http` server answering
#     from a Map;
#  2. an invocation through Lichen to an HTTP app (Node, POST /echo) beside the same app called
#     directly: the latency Lichen adds at p50 and the throughput it keeps.
# Prints rates, p50/p99 and the ratios; timing is never asserted. nginx comes from Debian's
# nginx-light (./scripts/setup.sh installs it).
# Usage: bench/http_path.sh [--quick] [--no-build] [BUILD_DIR]   (default: build)
# Environment: DURATION (s, default 10), CONNECTIONS (default 32), KEEP_WORK=1 keeps the logs.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib/args.sh
bench_args http_path.sh "$@"
if [ "$quick" = 1 ]; then duration=${DURATION:-1}; else duration=${DURATION:-10}; fi
connections=${CONNECTIONS:-32}
PATH="$PATH:/usr/sbin"
for tool in wrk curl node nginx; do
  command -v "$tool" >/dev/null || { echo "http_path.sh: $tool not found (./scripts/setup.sh installs it)" >&2; exit 1; }
done
if [ "$build_first" = 1 ]; then
  [ -f "$build/build.ninja" ] || cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" --target lichen >/dev/null
fi
lichen="$build/src/cli/lichen"
[ -f "$lichen" ] || { echo "http_path.sh: $lichen is missing (build it, or drop --no-build)" >&2; exit 1; }
script=http_path.sh
source bench/lib/procs.sh

value='"a small state value"'
# nginx: one worker, the value as a static file, on a port picked now.
mkdir -p "$work/www" "$work/nginx"
printf '%s' "$value" >"$work/www/bench"
# Run as root, nginx's worker runs as another user: let it read the file (nothing else here).
chmod o+x "$work" && chmod o+rx "$work/www" && chmod o+r "$work/www/bench"
nginx_port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    location / { root $work/www; default_type application/json; }
  }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" >"$work/nginx.log" 2>&1 &
pids+=($!)
node bench/apps/map_app.mjs >"$work/map_app.log" 2>&1 &
pids+=($!)
node bench/apps/echo_app.mjs >"$work/echo_app.log" 2>&1 &
pids+=($!)
map_port=$(wait_for_line "$work/map_app.log" 'listening on port ([0-9]+)' 20) || fail "map_app did not start"
echo_port=$(wait_for_line "$work/echo_app.log" 'listening on port ([0-9]+)' 20) || fail "echo_app did not start"
mkdir -p "$work/resources"
cat >"$work/resources/statestore.yaml" <<'YAML'
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: statestore}
spec: {type: state.in-memory, version: v1}
YAML
start_lichen sidecar --app-id benchpath --app-port "$echo_port" --resources-path "$work/resources"
port=$(wait_for_api sidecar)
fetch -X POST -H 'Content-Type: application/json' -d "[{\"key\":\"bench\",\"value\":$value}]" \
  "http://127.0.0.1:$port/v1.0/state/statestore" || fail "could not save the key"

state_urls=("http://127.0.0.1:$port/v1.0/state/statestore/bench"
  "http://127.0.0.1:$nginx_port/bench" "http://127.0.0.1:$map_port/state/bench")
state_labels=("Lichen state GET (in-memory)" "nginx static file (1 worker)" "Node http + Map")
for url in "${state_urls[@]}"; do
  deadline=$((SECONDS + 20))
  until answer=$(fetch "$url"); do
    [ "$SECONDS" -lt "$deadline" ] || fail "GET $url failed"
    sleep 0.1
  done
  [ "$answer" = "$value" ] || fail "GET $url answered $answer"
done
echo "state GET of a ${#value}-byte value, wrk -t1 -c$connections, ${duration}s each:"
printf '%-32s %10s %9s %9s\n' served_by req/s p50_us p99_us
rates=()
for i in 0 1 2; do
  read -r rate p50 p99 <<<"$(measure "${state_urls[$i]}" 1 "$connections")"
  rates+=("$rate")
  printf '%-32s %10.0f %9d %9d\n' "${state_labels[$i]}" "$rate" "$p50" "$p99"
done
awk -v l="${rates[0]}" -v n="${rates[1]}" -v m="${rates[2]}" 'BEGIN {
  printf "Lichen / nginx: %.2fx (goal >= 0.8)   Lichen / Node: %.2fx (goal >= 1.0)\n", l / n, l / m }'

payload='{"hello":"lichen","n":42}'
via="http://127.0.0.1:$port/v1.0/invoke/benchpath/method/echo"
direct="http://127.0.0.1:$echo_port/echo"
for url in "$via" "$direct"; do
  answer=$(fetch -H 'Content-Type: text/plain' -d "$payload" "$url") || fail "POST $url failed"
  [ "$answer" = "$payload" ] || fail "POST $url answered $answer"
done
echo
echo "invocation of a Node app (POST /echo, ${#payload} bytes), wrk -t1 -c$connections, ${duration}s each:"
printf '%-32s %10s %9s %9s\n' path req/s p50_us p99_us
read -r via_rate via_p50 via_p99 <<<"$(measure "$via" 1 "$connections" POST "$payload")"
printf '%-32s %10.0f %9d %9d\n' "through Lichen" "$via_rate" "$via_p50" "$via_p99"
read -r direct_rate direct_p50 direct_p99 <<<"$(measure "$direct" 1 "$connections" POST "$payload")"
printf '%-32s %10.0f %9d %9d\n' "the app directly" "$direct_rate" "$direct_p50" "$direct_p99"
awk -v vr="$via_rate" -v dr="$direct_rate" -v vp="$via_p50" -v dp="$direct_p50" 'BEGIN {
  printf "Lichen adds %.2f ms at p50 (goal <= 0.2; daprd publishes +1.06) and keeps %.2fx the app'"'"'s throughput\n",
    (vp - dp) / 1000, vr / dr }'
