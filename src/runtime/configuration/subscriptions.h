// The subscriptions of one configuration store: ids, the keys each watches, and their
// handlers. Stores share it so that every store answers subscribe/unsubscribe alike and
// delivers one event per changed key (as Dapr's redis and postgres stores do).
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/configuration/configuration_store.h"

namespace lichen::configuration {

class Subscriptions {
 public:
  // A new subscription with a fresh UUID as its id.
  std::string add(std::vector<std::string> keys, UpdateHandler handler);
  // An unknown id is an error naming it.
  Expected<void, Status> remove(const std::string& id);
  bool empty() const;
  // Hands `{key: item}` to every subscription watching `key`. Handlers run on the caller's
  // thread without the lock held, so a handler may unsubscribe.
  void notify(const std::string& key, const Item& item) const;
  void clear();

 private:
  struct Entry {
    std::vector<std::string> keys;  // empty = every key
    UpdateHandler handler;
  };
  mutable std::mutex mutex_;  // guards entries_
  std::map<std::string, Entry> entries_;
};

// A store whose subscriptions are a Subscriptions: it only reports changes, with
// subscriptions_.notify().
class SubscribingStore : public ConfigurationStore {
 public:
  StatusOr<std::string> subscribe(const std::vector<std::string>& keys, const Metadata&,
                                  UpdateHandler handler) override {
    return subscriptions_.add(keys, std::move(handler));
  }
  Expected<void, Status> unsubscribe(const std::string& id) override {
    return subscriptions_.remove(id);
  }

 protected:
  Subscriptions subscriptions_;
};

}  // namespace lichen::configuration
