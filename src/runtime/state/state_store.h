// The state store component interface, mirroring Dapr's state.Store / TransactionalStore
// (components-contrib state/store.go). Keys reaching a store are already prefixed by the
// StateManager; stores know nothing of app ids. Every implementation must be thread-safe and
// must pass tests/unit/components/state_conformance_test.cc for the features it declares.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/status.h"
#include "runtime/component/component.h"
#include "runtime/component/properties.h"

namespace lichen::state {

using Metadata = std::map<std::string, std::string>;

enum class Feature : uint32_t {
  kEtag = 1u << 0,
  kTransactional = 1u << 1,
  kTtl = 1u << 2,
  kQueryApi = 1u << 3,
  kActor = 1u << 4,
};

class Features {
 public:
  constexpr Features() = default;
  constexpr Features(std::initializer_list<Feature> list) {
    for (Feature f : list) bits_ |= static_cast<uint32_t>(f);
  }
  constexpr bool has(Feature f) const { return (bits_ & static_cast<uint32_t>(f)) != 0; }
  constexpr void add(Feature f) { bits_ |= static_cast<uint32_t>(f); }
  // Dapr's capability names as reported by GET /v1.0/metadata ("ETAG", "TRANSACTIONAL", ...).
  std::vector<std::string> capabilityNames() const;

 private:
  uint32_t bits_ = 0;
};

enum class Concurrency : uint8_t { kUnspecified, kFirstWrite, kLastWrite };
enum class Consistency : uint8_t { kUnspecified, kEventual, kStrong };

struct GetRequest {
  std::string key;
  Metadata metadata;
  Consistency consistency = Consistency::kUnspecified;
};

struct GetResponse {
  std::string data;  // the stored bytes (JSON text for values saved through the HTTP API)
  std::optional<std::string> etag;
  Metadata metadata;  // e.g. "ttlExpireTime" (RFC 3339)
  std::string content_type;
};

struct SetRequest {
  std::string key;
  std::string value;
  std::optional<std::string> etag;
  Metadata metadata;
  Concurrency concurrency = Concurrency::kUnspecified;
  Consistency consistency = Consistency::kUnspecified;
  // From metadata "ttlInSeconds", validated by the StateManager: nullopt = store default,
  // -1 = never expire, 0 = no expiry, > 0 = seconds from now.
  std::optional<int64_t> ttl_seconds;
  std::string content_type;
};

struct DeleteRequest {
  std::string key;
  std::optional<std::string> etag;
  Metadata metadata;
  Concurrency concurrency = Concurrency::kUnspecified;
  Consistency consistency = Consistency::kUnspecified;
};

using Operation = std::variant<SetRequest, DeleteRequest>;

struct BulkGetItem {
  std::string key;
  std::optional<GetResponse> response;  // nullopt when the key is absent
  std::string error;                    // per-key failure, empty on success
};

class StateStore : public component::Component {
 public:
  virtual Features features() const = 0;
  // True for a store whose calls take microseconds and never wait (no I/O, no other process):
  // the APIs may then serve them on an I/O thread instead of a worker.
  virtual bool neverBlocks() const { return false; }

  // nullopt when the key does not exist (or has expired).
  virtual StatusOr<std::optional<GetResponse>> get(const GetRequest& request) = 0;
  // Etag errors are StatusCode::kEtagMismatch / kEtagInvalid; anything else is a failure.
  virtual Expected<void, Status> set(const SetRequest& request) = 0;
  virtual Expected<void, Status> remove(const DeleteRequest& request) = 0;

  virtual StatusOr<std::vector<BulkGetItem>> bulkGet(const std::vector<GetRequest>& requests);

  // All-or-nothing; only for stores declaring Feature::kTransactional.
  virtual Expected<void, Status> multi(const std::vector<Operation>& operations,
                                       const Metadata& metadata);
  // 0 = no limit on the number of operations in one transaction.
  virtual size_t maxMultiOperations() const { return 0; }
};

// Milliseconds since the Unix epoch. Stores take one so tests can move time for TTLs.
using Clock = std::function<int64_t()>;
int64_t systemClockMs();
// RFC 3339 UTC text of a Unix time in ms, as Dapr reports "ttlExpireTime".
std::string formatRfc3339(int64_t unix_ms);

// Shared by stores whose ETags are decimal version numbers: nullopt when malformed.
std::optional<uint64_t> parseVersionEtag(const std::string& etag);

}  // namespace lichen::state
