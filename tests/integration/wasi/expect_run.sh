#!/usr/bin/env bash
# Runs a command and checks its exit code and that its stderr and stdout match extended regexes
# (matched against the whole output, so `.` spans lines). EMPTY means "must be empty", "" means
# "anything". Usage: expect_run.sh EXPECTED_EXIT STDERR_REGEX STDOUT_REGEX -- COMMAND...
set -uo pipefail
expected=$1 err_re=$2 out_re=$3
shift 4
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
"$@" > "$out" 2> "$err" < /dev/null
rc=$?
echo "--- exit $rc; stdout:"; cat "$out"; echo "--- stderr:"; cat "$err"
status=0
if [ $rc != "$expected" ]; then echo "FAIL: exit $rc, expected $expected"; status=1; fi
check() {  # name pattern file
  if [ "$2" = EMPTY ]; then
    if [ -s "$3" ]; then echo "FAIL: $1 is not empty"; status=1; fi
  elif [ -n "$2" ] && ! grep -Ezq -- "$2" "$3"; then
    echo "FAIL: $1 does not match /$2/"; status=1
  fi
}
check stderr "$err_re" "$err"
check stdout "$out_re" "$out"
exit $status
