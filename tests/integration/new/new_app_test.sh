#!/usr/bin/env bash
# `lichen new LANGUAGE NAME` as a newcomer runs it: scaffold, ./build.sh, `lichen run` with the
# app's components (its README's commands), then hello and count through the Dapr HTTP API and
# the count through the state API. Usage: new_app_test.sh LICHEN_BIN LANGUAGE
set -euo pipefail
lichen="$1"
language="$2"
node_modules="${3:-}"
name="hello-${language}"
work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  [ -f "$work/$name/lichen.log" ] && sed 's/^/  log: /' "$work/$name/lichen.log" >&2
  exit 1
}

cd "$work"
"$lichen" new "$language" "$name" >/dev/null || fail "lichen new $language $name"
cd "$name"
if [ "$language" = assemblyscript ] && [ -n "$node_modules" ]; then
  ln -s "$node_modules" node_modules
fi
[ -x build.sh ] || fail "no executable build.sh"
./build.sh >build.log 2>&1 || { cat build.log >&2; fail "./build.sh"; }
[ -f "$name.wasm" ] || fail "./build.sh made no $name.wasm"

"$lichen" run --app-id "$name" --resources-path components --dapr-http-port 0 \
  "$name.wasm" >lichen.log 2>&1 &
pid=$!
port=""
for _ in $(seq 1 200); do  # 20 s
  port=$(sed -n 's/.*HTTP API listening on [^ ]*:\([0-9][0-9]*\).*/\1/p' lichen.log | head -1)
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || fail "lichen run exited"
  sleep 0.1
done
[ -n "$port" ] || fail "lichen run did not listen within 20 s"

api="http://127.0.0.1:$port"
curl_() { curl -sS --max-time 10 "$@"; }
hello=$(curl_ -X POST "$api/v1.0/invoke/$name/method/hello") || fail "hello"
case "$hello" in
  *"Hello from $name"*) ;;
  *) fail "hello answered: $hello" ;;
esac
[ "$(curl_ -X POST "$api/v1.0/invoke/$name/method/count")" = "1" ] || fail "first count"
[ "$(curl_ -X POST "$api/v1.0/invoke/$name/method/count")" = "2" ] || fail "second count"
[ "$(curl_ "$api/v1.0/state/statestore/count")" = "2" ] || fail "the count via the state API"
[ -f "$name-state.db" ] || fail "the component's SQLite file $name-state.db is not there"
curl_ -X POST "$api/v1.0/shutdown" >/dev/null || true
for _ in $(seq 1 100); do
  kill -0 "$pid" 2>/dev/null || { pid=""; break; }
  sleep 0.1
done
[ -z "$pid" ] || fail "lichen run did not stop within 10 s of /v1.0/shutdown"
echo "lichen new $language: scaffolded, built, served, counted"
