#!/bin/sh
# Runs the differential fuzzer (run.mjs) with the lichen binary of the build in build/ unless
# --lichen is given. Example, one hour at low priority:
#   tests/fuzz/diff/run.sh --duration 3600 --start-seed 1000000
set -eu
here=$(cd "$(dirname "$0")" && pwd)
case " $* " in
  *" --lichen "*) exec nice -n 19 node "$here/run.mjs" "$@" ;;
  *) exec nice -n 19 node "$here/run.mjs" --lichen "$here/../../../build/src/cli/lichen" "$@" ;;
esac
