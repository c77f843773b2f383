// A transport serves the sidecar's API to clients (HTTP now, gRPC later). The Sidecar starts
// and stops them; api/ implements them.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace lichen::runtime {

struct TransportInfo {
  std::string name;     // for the log line "<name> listening on <address>:<port>"
  std::string address;  // as configured, e.g. 0.0.0.0
  uint16_t port = 0;    // as bound
  // Other sidecars forward invocations here; the first such transport is what local name
  // resolution publishes.
  bool accepts_invocations = false;
  // False for an optional transport that could not bind (it said why); nothing listens.
  bool serving = true;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Binds and starts serving.
  virtual StatusOr<TransportInfo> start() = 0;
  // Stops accepting, lets requests in flight finish (up to `drain_ms`), then stops.
  virtual void stop(int64_t drain_ms) = 0;
};

}  // namespace lichen::runtime
