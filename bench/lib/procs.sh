# Sourced by the bench scripts that start processes and drive them with wrk. Before sourcing,
# set `script` (the script's name, for messages), `lichen` (the binary) and `duration` (seconds
# per measurement). Gives: $work (a temporary folder, removed at exit unless KEEP_WORK=1), pids
# (processes killed at exit), fetch, fail, wait_for_line, start_lichen, wait_for_api, measure.
work=$(mktemp -d "${TMPDIR:-/tmp}/lichen-bench-${script%.sh}.XXXXXX")
pids=()
# stop_all SECONDS: waits that long for every process started here to end, then kills the rest.
stop_all() {
  local pid deadline=$((SECONDS + $1))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_all 10
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Every curl has a deadline, so a stuck process cannot hang the run.
fetch() {
  curl -sf --max-time 10 "$@"
}

fail() {
  echo "$script: $*" >&2
  exit 1
}

# wait_for_line FILE REGEX SECONDS: prints the first match's group 1 once FILE has it.
wait_for_line() {
  local file=$1 regex=$2 deadline=$((SECONDS + $3)) found
  while [ "$SECONDS" -lt "$deadline" ]; do
    found=$(sed -nE "s/.*$regex.*/\\1/p" "$file" 2>/dev/null | head -n1)
    if [ -n "$found" ]; then
      echo "$found"
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# start_lichen NAME ARGS...: starts `lichen run ARGS` on a port of its choosing, in its own data
# folder, and sets NAME_pid; wait_for_api NAME then prints the port once the API answers.
start_lichen() {
  local name=$1
  shift
  mkdir -p "$work/$name"
  LICHEN_NAME_RESOLUTION_DIR="$work/apps" "$lichen" run --dapr-http-port 0 \
    --data-dir "$work/$name" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
}
wait_for_api() {
  local name=$1 port deadline=$((SECONDS + 20))
  port=$(wait_for_line "$work/$name.log" 'HTTP API listening on [^ ]*:([0-9]+)' 20) ||
    { cat "$work/$name.log" >&2; fail "$name did not start"; }
  until fetch "http://127.0.0.1:$port/v1.0/healthz" >/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$name is not healthy"
    sleep 0.1
  done
  echo "$port"
}

# measure URL THREADS CONNECTIONS [METHOD BODY]: runs wrk for $duration seconds under a
# deadline and prints "REQ_PER_S P50_US P99_US"; fails on errors or when nothing was served.
measure() {
  local url=$1 threads=$2 conns=$3 method=${4:-GET} body=${5:-} out line
  out=$(WRK_METHOD=$method WRK_BODY=$body timeout $((duration + 20)) \
    wrk -t"$threads" -c"$conns" -d"${duration}s" --timeout 10s -s "$(dirname "${BASH_SOURCE[0]}")/../apps/report.lua" "$url") ||
    fail "wrk failed on $url"
  line=$(grep '^wrk-result ' <<<"$out") || fail "no result from wrk on $url: $out"
  local requests rate p50 p99 errors
  read -r _ requests _ rate p50 p99 errors <<<"$line"
  [ "$requests" -gt 0 ] || fail "no request served on $url"
  [ "$errors" -eq 0 ] || fail "$errors errors on $url: $out"
  echo "$rate $p50 $p99"
}

