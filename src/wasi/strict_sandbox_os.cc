#include "wasi/strict_sandbox_os.h"

#include <cerrno>
#include <chrono>
#include <ctime>

namespace lichen::wasi {
namespace {

constexpr uint64_t kSeed = 0x6c696368656e2121;  // fixed: every run sees the same bytes

// splitmix64: small, fast and fully determined by its state.
uint64_t nextRandom(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

}  // namespace

StrictSandboxOs::StrictSandboxOs(std::shared_ptr<WasiOs> inner, uint64_t wall_start_ns)
    : ForwardingOs(std::move(inner)), wall_ns_(wall_start_ns), random_state_(kSeed) {}

std::shared_ptr<StrictSandboxOs> StrictSandboxOs::startingNow(std::shared_ptr<WasiOs> inner) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::make_shared<StrictSandboxOs>(
      std::move(inner),
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()));
}

// Each read returns the current value and then advances it, so the first monotonic read is 0.
OsResult<uint64_t> StrictSandboxOs::clockTime(int clock) {
  if (clock == CLOCK_REALTIME) {
    const uint64_t now = wall_ns_;
    wall_ns_ += kTickNs;
    return now;
  }
  // Monotonic and the CPU-time clocks: all one fake counter, nothing of the host shows.
  const uint64_t now = mono_ns_;
  mono_ns_ += kTickNs;
  return now;
}

OsResult<uint64_t> StrictSandboxOs::clockRes(int clock) { return uint64_t{kTickNs}; }

OsResult<void> StrictSandboxOs::random(std::span<uint8_t> out) {
  size_t i = 0;
  while (i < out.size()) {
    uint64_t word = nextRandom(random_state_);
    for (int b = 0; b < 8 && i < out.size(); ++b, ++i) {
      out[i] = static_cast<uint8_t>(word);
      word >>= 8;
    }
  }
  return {};
}

OsResult<int> StrictSandboxOs::poll(std::span<pollfd> fds, int64_t timeout_ns) {
  if (fds.empty()) return 0;  // a sleep: the clock subscription fires at once
  return ForwardingOs::poll(fds, 0);
}

}  // namespace lichen::wasi
