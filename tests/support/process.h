// Starts and stops the real `lichen` binary for integration tests: fork/exec with its output
// in a log file, readiness polling on the HTTP API, kill -9.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lichen::testing {

class Process {
 public:
  Process() = default;
  ~Process();  // kills the child if still running
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // argv[0] is the program path; `env` entries are added to this process's environment.
  bool start(const std::vector<std::string>& argv, const std::string& log_file,
             const std::map<std::string, std::string>& env = {});
  void kill(int signal);
  static constexpr int kTimedOut = -2;
  // Waits up to `seconds` for the child to exit; returns its exit status, or 128+signal when
  // killed. A child still running at the deadline is killed and kTimedOut returned.
  int wait(int seconds = 30);
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// Waits for lichen's "HTTP API listening on ADDRESS:PORT" line in `log_file`, looking only past
// byte `offset` (so a restart appending to the same log is not fooled by the previous run);
// returns the port, or 0 after `seconds`. Lets tests start lichen with --dapr-http-port 0.
uint16_t waitForListeningPort(const std::string& log_file, size_t offset, int seconds);
// Polls GET /v1.0/healthz/outbound until it answers 204 or `seconds` pass.
bool waitForSidecar(uint16_t port, int seconds);
// Starts `lichen run` with `run_args` and --dapr-http-port 0, its output in `log_file` and local
// name resolution in `names_dir`; returns the HTTP API's port once it is healthy, or 0.
uint16_t startLichenRun(Process& process, const std::vector<std::string>& run_args,
                        const std::string& log_file, const std::string& names_dir);
// The lichen binary under test, from the LICHEN_BIN environment variable.
std::string lichenBinary();
std::string readFile(const std::string& path);

}  // namespace lichen::testing
