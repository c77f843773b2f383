#include "support/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "support/http_client.h"

namespace lichen::testing {

Process::~Process() {
  if (pid_ > 0) {
    kill(SIGKILL);
    wait();
  }
}

bool Process::start(const std::vector<std::string>& argv, const std::string& log_file,
                    const std::map<std::string, std::string>& env) {
  pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    int fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    // Nothing else of the test crosses exec: an inherited listening socket (a test's app) would
    // keep taking connections in the child after the test closed it.
    ::close_range(3, ~0U, 0);
    // Start lichen as a shell would: no signals blocked, default dispositions (a blocked mask is
    // inherited across exec and would hide signal-handling bugs).
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  pid_ = pid;
  return true;
}

void Process::kill(int signal) {
  if (pid_ > 0) ::kill(pid_, signal);
}

int Process::wait(int seconds) {
  if (pid_ <= 0) return -1;
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  pid_t done = 0;
  while ((done = ::waitpid(pid_, &status, WNOHANG)) == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (done == 0) {  // still running at the deadline: SIGKILL cannot be ignored
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return kTimedOut;
  }
  pid_ = -1;
  if (done < 0) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

bool waitForSidecar(uint16_t port, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    HttpClient client("127.0.0.1", port);
    if (client.request("GET", "/v1.0/healthz/outbound").status == 204) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

uint16_t waitForListeningPort(const std::string& log_file, size_t offset, int seconds) {
  static const std::regex kListening(R"(HTTP API listening on [^ \n"]*:([0-9]+))");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string text = readFile(log_file);
    std::smatch match;
    if (text.size() > offset) {
      std::string tail = text.substr(offset);
      if (std::regex_search(tail, match, kListening)) {
        return static_cast<uint16_t>(std::stoi(match[1].str()));
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return 0;
}

std::string lichenBinary() {
  const char* bin = std::getenv("LICHEN_BIN");
  return bin ? bin : "";
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace lichen::testing
