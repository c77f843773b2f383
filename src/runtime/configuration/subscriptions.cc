#include "runtime/configuration/subscriptions.h"

#include <algorithm>

#include "runtime/component/uuid.h"

namespace lichen::configuration {

std::string Subscriptions::add(std::vector<std::string> keys, UpdateHandler handler) {
  std::string id = component::newUuid();
  std::lock_guard lock(mutex_);
  entries_.emplace(id, Entry{std::move(keys), std::move(handler)});
  return id;
}

Expected<void, Status> Subscriptions::remove(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (entries_.erase(id) == 0) {
    return fail(StatusCode::kNotFound, "subscription with id " + id + " does not exist");
  }
  return {};
}

bool Subscriptions::empty() const {
  std::lock_guard lock(mutex_);
  return entries_.empty();
}

void Subscriptions::notify(const std::string& key, const Item& item) const {
  std::vector<std::pair<std::string, UpdateHandler>> targets;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, entry] : entries_) {
      if (entry.keys.empty() ||
          std::find(entry.keys.begin(), entry.keys.end(), key) != entry.keys.end()) {
        targets.emplace_back(id, entry.handler);
      }
    }
  }
  for (const auto& [id, handler] : targets) handler(UpdateEvent{id, {{key, item}}});
}

void Subscriptions::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

}  // namespace lichen::configuration
