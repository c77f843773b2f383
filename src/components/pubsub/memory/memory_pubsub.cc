#include "components/pubsub/memory/memory_pubsub.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace lichen::components {

MemoryPubSub::~MemoryPubSub() { close(); }

Expected<void, Status> MemoryPubSub::init(const component::Properties&) { return {}; }

Expected<void, Status> MemoryPubSub::publish(const pubsub::Message& message) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return fail(StatusCode::kInternal, "pubsub is closed");
    auto it = topics_.find(message.topic);
    if (it == topics_.end()) return {};  // no subscriber: nothing keeps it (as Dapr's)
    for (auto& subscription : it->second) subscription->queue.push_back(message);
  }
  wake_.notify_all();
  return {};
}

Expected<void, Status> MemoryPubSub::subscribe(const std::string& topic, pubsub::Handler handler) {
  return subscribeBatch(topic, {}, pubsub::oneAtATime(std::move(handler)));
}

Expected<void, Status> MemoryPubSub::subscribeBatch(const std::string& topic,
                                                    pubsub::BatchLimits limits,
                                                    pubsub::BatchHandler handler) {
  std::lock_guard lock(mutex_);
  if (closed_) return fail(StatusCode::kInternal, "pubsub is closed");
  auto subscription = std::make_unique<Subscription>();
  subscription->limits = limits;
  subscription->limits.max_messages = std::max<size_t>(limits.max_messages, 1);
  subscription->handler = std::move(handler);
  Subscription& added = *subscription;
  topics_[topic].push_back(std::move(subscription));
  added.worker = std::thread([this, &added] { deliverLoop(added); });
  return {};
}

void MemoryPubSub::close() {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
  }
  wake_.notify_all();
  for (auto& [topic, subscriptions] : topics_) {
    for (auto& subscription : subscriptions) {
      if (subscription->worker.joinable()) subscription->worker.join();
    }
  }
}

std::vector<pubsub::Message> MemoryPubSub::nextBatch(Subscription& subscription) {
  const size_t limit = subscription.limits.max_messages;
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [&] { return closed_ || !subscription.queue.empty(); });
  if (closed_) return {};
  // Gather: the wait is measured from the first message, as Dapr's bulk subscriber does.
  const auto deadline = std::chrono::steady_clock::now() + subscription.limits.max_await;
  wake_.wait_until(lock, deadline, [&] { return closed_ || subscription.queue.size() >= limit; });
  if (closed_) return {};
  std::vector<pubsub::Message> batch;
  while (!subscription.queue.empty() && batch.size() < limit) {
    batch.push_back(std::move(subscription.queue.front()));
    subscription.queue.pop_front();
  }
  return batch;
}

void MemoryPubSub::deliverLoop(Subscription& subscription) {
  for (;;) {
    std::vector<pubsub::Message> batch = nextBatch(subscription);
    if (batch.empty()) return;
    for (int attempt = 1; attempt <= kAttempts; ++attempt) {
      std::vector<Expected<void, Status>> results = subscription.handler(batch);
      std::vector<pubsub::Message> failed;
      for (size_t i = 0; i < batch.size(); ++i) {
        if (i < results.size() && results[i]) continue;
        spdlog::warn("pubsub.in-memory: topic '{}': delivery {} of {} failed: {}", batch[i].topic,
                     attempt, kAttempts,
                     i < results.size() ? results[i].error().message() : "no result");
        failed.push_back(std::move(batch[i]));
      }
      if (failed.empty() || attempt == kAttempts) break;  // done, or given up as Dapr's
      batch = std::move(failed);
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, kRetryInterval, [this] { return closed_; })) return;
    }
  }
}

void registerMemoryPubSub(runtime::Registry& registry) {
  registry.add("pubsub.in-memory", [] { return std::make_unique<MemoryPubSub>(); });
}

}  // namespace lichen::components
