// The state of one WASI program: arguments, environment, the fd table with its pre-opened
// directories, and the WasiOs everything goes through. The environment holds only what the
// embedder passes (lichen run --env), never the host's.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/expected.h"
#include "wasi/fd_table.h"
#include "wasi/os.h"

namespace lichen::wasi {

struct Preopen {
  std::string host_path;
  std::string guest_path;
  bool read_only = false;
};

struct WasiConfig {
  std::vector<std::string> args;  // args[0] is the program name
  std::vector<std::string> env;   // "KEY=VALUE"
  std::vector<Preopen> preopens;  // become fds 3, 4, ... in order
  int stdin_fd = 0;               // host fds behind guest fds 0..2 (borrowed)
  int stdout_fd = 1;
  int stderr_fd = 2;
};

class WasiCtx {
 public:
  // Opens the pre-opened directories; an error names the one that failed.
  static Expected<std::unique_ptr<WasiCtx>, std::string> create(WasiConfig config,
                                                                std::shared_ptr<WasiOs> os);

  const std::vector<std::string>& args() const { return config_.args; }
  const std::vector<std::string>& env() const { return config_.env; }
  WasiOs& os() { return *os_; }
  FdTable& fds() { return fds_; }

 private:
  WasiCtx(WasiConfig config, std::shared_ptr<WasiOs> os)
      : config_(std::move(config)), os_(std::move(os)), fds_(*os_) {}

  WasiConfig config_;
  std::shared_ptr<WasiOs> os_;
  FdTable fds_;  // declared after os_: closes through it on destruction
};

}  // namespace lichen::wasi
