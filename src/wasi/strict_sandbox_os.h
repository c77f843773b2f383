// The strict sandbox of Dapr's Wasm components (components-contrib common/wasm, wazero's
// defaults when no system source is configured): a guest that cannot time or fingerprint its
// host. Randomness is a fixed-seed sequence, the monotonic clock starts at 0 and the wall clock
// at the run's start, both advancing 1 ms per read whatever the real time, and sleeping returns
// at once. The random bytes are Lichen's own sequence, not wazero's.
#pragma once

#include <cstdint>
#include <memory>

#include "wasi/forwarding_os.h"

namespace lichen::wasi {

class StrictSandboxOs : public ForwardingOs {
 public:
  static constexpr uint64_t kTickNs = 1'000'000;  // each clock read advances 1 ms

  // `wall_start_ns`: the wall clock's first reading (the embedder passes "now").
  StrictSandboxOs(std::shared_ptr<WasiOs> inner, uint64_t wall_start_ns);
  // The usual start: the wall clock's first reading is the host's time now.
  static std::shared_ptr<StrictSandboxOs> startingNow(std::shared_ptr<WasiOs> inner);

  OsResult<uint64_t> clockTime(int clock) override;
  OsResult<uint64_t> clockRes(int clock) override;
  OsResult<void> random(std::span<uint8_t> out) override;
  // Waits for nothing: ready fds are reported as they are, a sleep returns at once.
  OsResult<int> poll(std::span<pollfd> fds, int64_t timeout_ns) override;

 private:
  uint64_t wall_ns_;
  uint64_t mono_ns_ = 0;
  uint64_t random_state_;
};

}  // namespace lichen::wasi
