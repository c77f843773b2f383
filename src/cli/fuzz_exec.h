// `lichen wasm fuzz-exec`: runs every export of a fuzzer-generated module (binaryen's
// `wasm-opt -ttf`) and prints a canonical transcript that tests/fuzz/diff/v8_exec.mjs prints
// the same way under V8, so the two can be compared line by line. tests/fuzz/README.md
// describes the format.
#pragma once

#include <cstdint>
#include <string>

namespace lichen::cli {

struct FuzzExecOptions {
  std::string file;
  bool rewrites = true;        // the interpreter compiler's rewrites (off: plain code)
  uint64_t fuel = 10'000'000;  // per export call; running out makes the rest inconclusive
};

// Prints the transcript to stdout. Returns 0, or 1 when the file cannot be read.
int runFuzzExec(const FuzzExecOptions& options);

}  // namespace lichen::cli
