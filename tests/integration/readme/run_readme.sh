#!/usr/bin/env bash
# Runs a README's ```sh blocks the way a newcomer would, and fails when one fails. Usage:
#   run_readme.sh LICHEN_BIN REPO_ROOT README.md
# The commands run in a fresh folder that sees the repository's sdk/, examples/, templates/,
# node_modules/ and a build/src/cli/lichen (also `lichen` on PATH), so nothing lands in the
# checkout. What a newcomer does by hand, the runner does by rule:
# - `lichen run ... --app-id ...` starts in the background (a second terminal); the next
#   command waits until its HTTP API listens;
# - every port the README names (--dapr-http-port N, --app-port N, localhost:N) becomes a free
#   one picked now, the same N always the same port, so tests run side by side;
# - a `curl ...   # VALUE` line (VALUE one word, optionally followed by ':' and prose) must
#   print exactly VALUE;
# - at the end every background process is stopped.
set -euo pipefail
lichen="$(readlink -f "$1")"
repo="$(cd "$2" && pwd)"
readme="$3"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do
    kill -TERM "$p" 2>/dev/null || continue
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL ($readme): $*" >&2
  for log in "$work"/run-*.log; do
    [ -f "$log" ] && sed "s|^|  $(basename "$log"): |" "$log" >&2
  done
  exit 1
}

# node_modules: AssemblyScript READMEs build with `npx asc` and the WASI shim found there.
for d in sdk examples templates bench node_modules; do
  if [ -e "$repo/$d" ]; then ln -s "$repo/$d" "$work/$d"; fi
done
mkdir -p "$work/build/src/cli" "$work/.bin"
ln -s "$lichen" "$work/build/src/cli/lichen"
ln -s "$lichen" "$work/.bin/lichen"
export PATH="$work/.bin:$PATH"

# The README's sh blocks, continuation lines joined, one command per line.
commands=$(awk '
  /^```sh[ \t]*$/ { inside = 1; next }
  /^```/ { inside = 0; next }
  inside {
    if (sub(/\\[ \t]*$/, "")) { pending = pending $0; next }
    print pending $0; pending = ""
  }' "$readme")
[ -n "$commands" ] || fail "no \`\`\`sh blocks"

declare -A port_map
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
# Sets `mapped` to the line with its ports replaced (a function, not $(...): the map must
# outlive the call).
map_ports() {
  local line="$1" n
  for n in $(grep -oE '(--dapr-http-port|--app-port) [0-9]+|(localhost|127\.0\.0\.1):[0-9]+' \
               <<<"$line" | grep -oE '[0-9]+$' | sort -u); do
    [ -n "${port_map[$n]:-}" ] || port_map[$n]=$(free_port)
    line=$(sed -E "s/(--dapr-http-port |--app-port |localhost:|127\.0\.0\.1:)$n\b/\1${port_map[$n]}/g" <<<"$line")
  done
  mapped="$line"
}

wait_listening() {
  local log="$1" pid="$2"
  for _ in $(seq 1 300); do  # 30 s
    grep -q "HTTP API listening on" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || fail "a lichen run exited early"
    sleep 0.1
  done
  fail "a lichen run did not listen within 30 s"
}

cd "$work"
count=0
while IFS= read -r raw; do
  line="${raw%%#*}"                       # the command, without its comment
  [ -n "${line//[[:space:]]/}" ] || continue
  comment=""
  [[ "$raw" == *"#"* ]] && comment="${raw#*#}"
  map_ports "$line"
  line="$mapped"
  count=$((count + 1))
  if [[ "$line" == *"lichen run"* && "$line" == *"--app-id"* ]]; then
    line="${line%&*}"
    log="$work/run-$count.log"
    bash -c "exec $line" >"$log" 2>&1 &
    pids+=("$!")
    wait_listening "$log" "$!"
    continue
  fi
  out=$(timeout 300 bash -c "$line" 2>"$work/stderr" </dev/null) ||
    fail "\`$line\` failed: $(cat "$work/stderr")"
  if [[ "$line" == curl* && -n "$comment" ]]; then
    want=$(sed -E 's/^[[:space:]]*//; s/[:[:space:]].*$//' <<<"$comment")
    if [ -n "$want" ] && [ "$out" != "$want" ]; then
      fail "\`$line\` printed '$out', the README says '$want'"
    fi
  fi
done <<<"$commands"
echo "$readme: $count commands ran as written"
