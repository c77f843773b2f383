#!/usr/bin/env bash
# Runs one WASI program under `lichen run` and under Node's WASI (node_wasi_run.mjs) and
# requires: the same stdout, no stderr from either, the expected exit code from both, and
# (with --sandbox) identical contents of the pre-opened directory afterwards.
# Usage: compare_with_node.sh LICHEN NODE WASM EXPECTED_EXIT [--sandbox] [--stdin TEXT]
#        [--env K=V]... [-- ARGS...]
set -uo pipefail
lichen=$1 node=$2 wasm=$3 expected=$4
shift 4
here="$(cd "$(dirname "$0")" && pwd)"
sandbox=0 stdin="" flags=()
while [ $# -gt 0 ]; do
  case $1 in
    --sandbox) sandbox=1 ;;
    --stdin) stdin=$2; shift ;;
    --env) flags+=(--env "$2"); shift ;;
    --) shift; break ;;
  esac
  shift
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for who in lichen node; do
  mkdir -p "$work/$who/sandbox"
  printf 'hello input\n' > "$work/$who/sandbox/input.txt"
  dir=()
  if [ $sandbox = 1 ]; then dir=(--dir "$work/$who/sandbox::/sandbox"); fi
  if [ $who = lichen ]; then
    cmd=("$lichen" run "${dir[@]}" "${flags[@]}" "$wasm" -- "$@")
  else
    cmd=("$node" --no-warnings "$here/node_wasi_run.mjs" "${dir[@]}" "${flags[@]}" "$wasm" "$@")
  fi
  printf '%b' "$stdin" | "${cmd[@]}" > "$work/$who/stdout" 2> "$work/$who/stderr"
  rc=$?
  if [ $rc != "$expected" ]; then
    echo "FAIL: $who exited with $rc, expected $expected"; status=1
  fi
  if [ -s "$work/$who/stderr" ]; then
    echo "FAIL: $who wrote to stderr:"; cat "$work/$who/stderr"; status=1
  fi
done
if ! diff -u "$work/node/stdout" "$work/lichen/stdout"; then
  echo "FAIL: stdout differs (- node, + lichen)"; status=1
fi
if ! diff -r "$work/node/sandbox" "$work/lichen/sandbox"; then
  echo "FAIL: files written differ"; status=1
fi
echo "--- lichen stdout:"; cat "$work/lichen/stdout"
exit $status
