// daprd's command line (Dapr 1.16, cmd/daprd/options): the table of its flags, the argument
// normalisation that lets CLI11 read them as daprd's flag parser does, and the registration of
// the flags Lichen accepts but does not honour yet, so tools that start daprd can start Lichen.
#pragma once

#include <CLI/CLI.hpp>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lichen::cli {

enum class DaprdFlagKind {
  kValue,  // takes a value: `--flag value` or `--flag=value`
  kBool,   // `--flag` or `--flag=true|false`, never a separate value
};

struct DaprdFlag {
  std::string_view name;  // without dashes
  DaprdFlagKind kind;
};

// Every flag daprd 1.16 defines (its own, dapr/kit's logger flags, the metrics flags).
std::span<const DaprdFlag> daprdFlags();
const DaprdFlag* findDaprdFlag(std::string_view name);

// Rewrites daprd arguments into the form CLI11 reads, with daprd's meaning: `-flag` is
// `--flag` (daprd doubles single dashes), `--flag=` is an empty value, and a value that starts
// with '-' (e.g. `--dapr-graceful-shutdown-seconds -1`) stays the flag's value. Only daprd's
// value flags get the value treatment; everything else passes through unchanged, and
// normalisation stops at the first positional argument (a Wasm file and its arguments).
std::vector<std::string> normaliseDaprdArgs(std::span<const std::string> args);

// The daprd flags of `command` that were given but that Lichen does not honour yet.
class UnhonouredDaprdFlags {
 public:
  // Registers every daprd flag `command` does not define yet (so call it after the honoured
  // ones are registered), in a help group of its own.
  void addTo(CLI::App& command);
  // The flags given, `--name` each, in table order; a boolean given as false is not listed
  // (that is daprd's default: nothing to honour).
  std::vector<std::string> given() const;

 private:
  struct Accepted {
    CLI::Option* option;
    const bool* enabled;  // a boolean flag's value; null for a value flag
  };
  std::vector<Accepted> accepted_;
  // CLI11 keeps pointers to these: deques do not move their items when they grow.
  std::deque<std::string> values_;
  std::deque<bool> bools_;
};

}  // namespace lichen::cli
