#!/usr/bin/env bash
# Two real Wasm guests under `lichen run`, confined to the same pre-open: the attacker swaps
# /box/tr for symlinks leading out while the victim opens, stats and creates through "tr/".
# Passes when the victim saw nothing from outside and nothing was created outside.
# usage: race_guests.sh LICHEN ATTACKER.wasm VICTIM.wasm ROUNDS
set -euo pipefail
lichen=$1 attacker=$2 victim=$3 rounds=$4
root=$(mktemp -d)
trap 'kill "$attacker_pid" 2>/dev/null || true; rm -rf "$root"' EXIT
mkdir -p "$root/box" "$root/outside"
printf 'TOPSECRET-from-outside' > "$root/outside/secret"
"$lichen" run --dir "$root/box::/box" "$attacker" $((rounds * 4)) > "$root/attacker.log" 2>&1 &
attacker_pid=$!
"$lichen" run --dir "$root/box::/box" "$victim" "$rounds" | tee "$root/victim.log"
kill "$attacker_pid" 2>/dev/null || true
wait "$attacker_pid" 2>/dev/null || true
leaked=$(ls -A "$root/outside" | grep -v '^secret$' || true)
if [ -n "$leaked" ]; then
  echo "FAIL: created outside the pre-open: $leaked"
  exit 1
fi
grep -q "escapes 0" "$root/victim.log"
