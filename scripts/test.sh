#!/usr/bin/env bash
# Configures, builds and runs every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"
JOBS="${JOBS:-$(nproc)}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}"
cmake --build "$BUILD_DIR" -j "$JOBS"
# Tests carry their own TIMEOUT; --timeout is the backstop for any that does not.
ctest --test-dir "$BUILD_DIR" --output-on-failure --timeout 300 -j "$JOBS" "$@"
