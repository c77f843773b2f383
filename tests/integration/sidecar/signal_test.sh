#!/bin/sh
# lichen run started from a shell in the background (SIGINT ignored, as shells do for
# background jobs) must still stop gracefully on SIGTERM and on SIGINT, exit 0.
# Usage: signal_test.sh /path/to/lichen
set -u
lichen="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
for sig in TERM INT; do
  LICHEN_NAME_RESOLUTION_DIR="$dir/apps" "$lichen" run --app-id signal-test \
    --dapr-http-port 0 --data-dir "$dir/data" > "$dir/log" 2>&1 &
  pid=$!
  tries=0
  until grep -q "sidecar ready" "$dir/log" 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt 400 ]; then echo "lichen did not start"; cat "$dir/log"; exit 1; fi
    sleep 0.05
  done
  kill "-$sig" "$pid"
  wait "$pid"
  code=$?
  if [ "$code" -ne 0 ] || ! grep -q "stopped" "$dir/log"; then
    echo "SIG$sig: lichen exited with $code"
    cat "$dir/log"
    status=1
  else
    echo "SIG$sig: graceful stop, exit 0"
  fi
done
exit $status
