#include "runtime/state/state_store.h"

#include <chrono>
#include <ctime>

#include "runtime/component/properties.h"

namespace lichen::state {

std::vector<std::string> Features::capabilityNames() const {
  std::vector<std::string> names;
  if (has(Feature::kEtag)) names.emplace_back("ETAG");
  if (has(Feature::kTransactional)) names.emplace_back("TRANSACTIONAL");
  if (has(Feature::kQueryApi)) names.emplace_back("QUERY_API");
  if (has(Feature::kTtl)) names.emplace_back("TTL");
  if (has(Feature::kActor)) names.emplace_back("ACTOR");
  return names;
}

StatusOr<std::vector<BulkGetItem>> StateStore::bulkGet(const std::vector<GetRequest>& requests) {
  std::vector<BulkGetItem> items;
  items.reserve(requests.size());
  for (const GetRequest& request : requests) {
    BulkGetItem item{request.key, std::nullopt, ""};
    auto response = get(request);
    if (response) {
      item.response = std::move(*response);
    } else {
      item.error = response.error().message();
    }
    items.push_back(std::move(item));
  }
  return items;
}

Expected<void, Status> StateStore::multi(const std::vector<Operation>&, const Metadata&) {
  return fail(StatusCode::kNotSupported, "state store does not support transactions");
}

int64_t systemClockMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string formatRfc3339(int64_t unix_ms) {
  std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<uint64_t> parseVersionEtag(const std::string& etag) {
  auto value = component::parseInt(etag);
  if (!value || *value < 0) return std::nullopt;
  return static_cast<uint64_t>(*value);
}

}  // namespace lichen::state
