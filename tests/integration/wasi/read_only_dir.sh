#!/usr/bin/env bash
# Runs the c_readonly guest with a read-only pre-open of a scratch folder made here (never the
# source tree: a broken sandbox must not be able to delete tracked files), then checks on the
# host that the guest changed nothing. Usage: read_only_dir.sh LICHEN C_READONLY_WASM
set -uo pipefail
lichen=$1 wasm=$2
here=$(dirname "$0")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '// Test guest data\n' > "$dir/c_readonly.c"
bash "$here/expect_run.sh" 0 EMPTY \
  "read: // Test guest.*create: refused errno 76.*mkdir: -1 errno 76.*unlink: -1 errno 76" \
  -- "$lichen" run --dir-ro "$dir::/ro" "$wasm"
status=$?
if [ "$(cat "$dir/c_readonly.c" 2>/dev/null)" != "// Test guest data" ]; then
  echo "FAIL: the guest changed or removed c_readonly.c"; status=1
fi
if [ -e "$dir/created-by-guest.txt" ] || [ -e "$dir/dir-by-guest" ]; then
  echo "FAIL: the guest created entries in the read-only folder"; status=1
fi
exit $status
