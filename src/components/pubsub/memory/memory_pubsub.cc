#include "components/pubsub/memory/memory_pubsub.h"

#include <spdlog/spdlog.h>

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
  std::lock_guard lock(mutex_);
  if (closed_) return fail(StatusCode::kInternal, "pubsub is closed");
  auto subscription = std::make_unique<Subscription>();
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

void MemoryPubSub::deliverLoop(Subscription& subscription) {
  for (;;) {
    pubsub::Message message;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return closed_ || !subscription.queue.empty(); });
      if (closed_) return;
      message = std::move(subscription.queue.front());
      subscription.queue.pop_front();
    }
    for (int attempt = 1; attempt <= kAttempts; ++attempt) {
      auto result = subscription.handler(message);
      if (result) break;
      spdlog::warn("pubsub.in-memory: topic '{}': delivery {} of {} failed: {}", message.topic,
                   attempt, kAttempts, result.error().message());
      if (attempt == kAttempts) break;  // given up, as Dapr's component does
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, kRetryInterval, [this] { return closed_; })) return;
    }
  }
}

void registerMemoryPubSub(runtime::Registry& registry) {
  registry.add("pubsub.in-memory", [] { return std::make_unique<MemoryPubSub>(); });
}

}  // namespace lichen::components
