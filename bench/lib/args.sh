# Sourced by the bench scripts: their common arguments, [--quick] [--no-build] [BUILD_DIR].
# Sets quick (0/1), build_first (0/1) and build (default: build); an unknown flag exits 2.
bench_args() {
  local script=$1
  shift
  quick=0
  build_first=1
  build=build
  for arg in "$@"; do
    case "$arg" in
      --quick) quick=1 ;;
      --no-build) build_first=0 ;;
      -*) echo "$script: unknown flag $arg" >&2; exit 2 ;;
      *) build=$arg ;;
    esac
  done
}
