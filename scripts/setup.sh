#!/usr/bin/env bash
# Installs everything Lichen needs on a fresh Debian 12 machine. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(
  # build
  build-essential cmake ninja-build pkg-config git ca-certificates
  # engine tools: spec test conversion, guest toolchains
  wabt binaryen clang-19 lld-19 wasi-libc libc++-19-dev-wasm32 libc++abi-19-dev-wasm32
  libclang-rt-19-dev-wasm32 rustc libstd-rust-dev-wasm32
  # libraries
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev libsqlite3-dev sqlite3
  libhiredis-dev libpq-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # tools
  clang-format clang-tidy
  # tests and READMEs talk to the sidecar with curl; bench/apps.sh drives it with wrk;
  # bench/http_path.sh measures beside nginx
  curl wrk nginx-light
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
# Node.js may come from elsewhere (e.g. NodeSource); Debian's is used only when none is present.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: apt packages present"
fi

# npm packages pinned in package.json / package-lock.json.
if [ -f package.json ]; then
  if [ ! -d node_modules ] || [ package.json -nt node_modules ]; then
    npm install --no-audit --no-fund
    touch node_modules
  else
    echo "setup: npm packages present"
  fi
fi
echo "setup: done"
