#include "components/state/memory/memory_state_store.h"

namespace lichen::components {

using state::Concurrency;

MemoryStateStore::MemoryStateStore(state::Clock clock) : clock_(std::move(clock)) {}

Expected<void, Status> MemoryStateStore::init(const component::Properties&) { return {}; }

state::Features MemoryStateStore::features() const {
  return {state::Feature::kEtag, state::Feature::kTransactional, state::Feature::kTtl};
}

MemoryStateStore::Item* MemoryStateStore::findLive(const std::string& key, int64_t now) {
  auto it = items_.find(key);
  if (it == items_.end()) return nullptr;
  if (it->second.expire_ms && *it->second.expire_ms <= now) return nullptr;
  return &it->second;
}

void MemoryStateStore::remember(const std::string& key, Undo& undo) {
  auto it = items_.find(key);
  undo.emplace_back(key, it == items_.end() ? std::nullopt : std::optional<Item>(it->second));
}

StatusOr<std::optional<state::GetResponse>> MemoryStateStore::get(
    const state::GetRequest& request) {
  std::lock_guard lock(mutex_);
  Item* item = findLive(request.key, clock_());
  if (!item) return std::optional<state::GetResponse>();
  state::GetResponse response;
  response.data = item->value;
  response.etag = std::to_string(item->version);
  response.content_type = item->content_type;
  if (item->expire_ms) response.metadata["ttlExpireTime"] = state::formatRfc3339(*item->expire_ms);
  return std::optional<state::GetResponse>(std::move(response));
}

Expected<void, Status> MemoryStateStore::setLocked(const state::SetRequest& request, int64_t now,
                                                   Undo& undo) {
  Item* existing = findLive(request.key, now);
  if (request.etag && !request.etag->empty()) {
    auto version = state::parseVersionEtag(*request.etag);
    if (!version) return fail(StatusCode::kEtagInvalid, "invalid etag value: " + *request.etag);
    if (!existing || existing->version != *version) {
      return fail(StatusCode::kEtagMismatch, "possible etag mismatch. error from state store");
    }
  } else if (request.concurrency == Concurrency::kFirstWrite && existing) {
    return fail(StatusCode::kEtagMismatch, "item already exists and no etag was passed");
  }
  remember(request.key, undo);
  Item item{request.value, next_version_++, std::nullopt, request.content_type};
  if (request.ttl_seconds && *request.ttl_seconds > 0) {
    item.expire_ms = now + *request.ttl_seconds * 1000;
  }
  items_[request.key] = std::move(item);
  // Expired items are invisible at once; every 1024 writes they are also freed.
  if (++writes_ % 1024 == 0)
    std::erase_if(items_, [now](const auto& entry) {
      return entry.second.expire_ms && *entry.second.expire_ms <= now;
    });
  return {};
}

Expected<void, Status> MemoryStateStore::removeLocked(const state::DeleteRequest& request,
                                                      int64_t now, Undo& undo) {
  Item* existing = findLive(request.key, now);
  if (request.etag && !request.etag->empty()) {
    auto version = state::parseVersionEtag(*request.etag);
    if (!version) return fail(StatusCode::kEtagInvalid, "invalid etag value: " + *request.etag);
    if (!existing || existing->version != *version) {
      return fail(StatusCode::kEtagMismatch, "possible etag mismatch. error from state store");
    }
  }
  remember(request.key, undo);
  items_.erase(request.key);
  return {};
}

Expected<void, Status> MemoryStateStore::set(const state::SetRequest& request) {
  std::lock_guard lock(mutex_);
  Undo undo;
  return setLocked(request, clock_(), undo);
}

Expected<void, Status> MemoryStateStore::remove(const state::DeleteRequest& request) {
  std::lock_guard lock(mutex_);
  Undo undo;
  return removeLocked(request, clock_(), undo);
}

Expected<void, Status> MemoryStateStore::multi(const std::vector<state::Operation>& operations,
                                               const state::Metadata&) {
  std::lock_guard lock(mutex_);
  int64_t now = clock_();
  Undo undo;
  for (const state::Operation& operation : operations) {
    Expected<void, Status> result =
        std::holds_alternative<state::SetRequest>(operation)
            ? setLocked(std::get<state::SetRequest>(operation), now, undo)
            : removeLocked(std::get<state::DeleteRequest>(operation), now, undo);
    if (result) continue;
    // All or nothing: put back every value this transaction touched, newest change first.
    for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
      if (it->second) {
        items_[it->first] = std::move(*it->second);
      } else {
        items_.erase(it->first);
      }
    }
    return result;
  }
  return {};
}

void registerMemoryState(runtime::Registry& registry) {
  registry.add("state.in-memory", [] { return std::make_unique<MemoryStateStore>(); });
}

}  // namespace lichen::components
