// What a broker's batch subscription received, batch by batch, with a wait (up to a deadline)
// for a condition on it; `accept` decides which messages the handler acknowledges.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/pubsub/pubsub.h"

namespace lichen::components {

struct BatchInbox {
  explicit BatchInbox(std::chrono::seconds wait_limit) : deadline(wait_limit) {}

  pubsub::BatchHandler handler() {
    return [this](std::span<const pubsub::Message> messages) {
      std::lock_guard lock(mutex);
      std::vector<std::string> batch;
      std::vector<Expected<void, Status>> results;
      for (const pubsub::Message& message : messages) {
        batch.push_back(message.data);
        if (accept && !accept(message)) {
          results.push_back(fail(StatusCode::kInternal, "app said retry"));
        } else {
          results.push_back({});
        }
      }
      got.push_back(std::move(batch));
      changed.notify_all();
      return results;
    };
  }
  // `done` runs with the mutex held.
  bool waitFor(const std::function<bool()>& done) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, deadline, done);
  }
  // Every message received, in order; with the mutex held.
  std::vector<std::string> all() const {
    std::vector<std::string> out;
    for (const auto& batch : got) out.insert(out.end(), batch.begin(), batch.end());
    return out;
  }

  std::chrono::seconds deadline;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::vector<std::string>> got;
  std::function<bool(const pubsub::Message&)> accept;  // unset: every message is acknowledged
};

}  // namespace lichen::components
