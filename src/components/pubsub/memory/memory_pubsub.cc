#include "components/pubsub/memory/memory_pubsub.h"

#include <spdlog/spdlog.h>

namespace lichen::components {

MemoryPubSub::~MemoryPubSub() { close(); }

Expected<void, Status> MemoryPubSub::init(const component::Properties&) {
  worker_ = std::thread([this] { deliverLoop(); });
  return {};
}

Expected<void, Status> MemoryPubSub::publish(const pubsub::Message& message) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return fail(StatusCode::kInternal, "pubsub is closed");
    queue_.push_back(message);
  }
  wake_.notify_one();
  return {};
}

Expected<void, Status> MemoryPubSub::subscribe(const std::string& topic, pubsub::Handler handler) {
  std::lock_guard lock(mutex_);
  handlers_[topic].push_back(std::move(handler));
  return {};
}

void MemoryPubSub::close() {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void MemoryPubSub::deliverLoop() {
  for (;;) {
    pubsub::Message message;
    std::vector<pubsub::Handler> handlers;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return closed_ || !queue_.empty(); });
      if (closed_) return;
      message = std::move(queue_.front());
      queue_.pop_front();
      auto it = handlers_.find(message.topic);
      if (it != handlers_.end()) handlers = it->second;
    }
    for (const pubsub::Handler& handler : handlers) {
      auto result = handler(message);
      if (!result) {
        spdlog::warn("pubsub.in-memory: delivery on topic '{}' failed: {}", message.topic,
                     result.error().message());
      }
    }
  }
}

void registerMemoryPubSub(runtime::Registry& registry) {
  registry.add("pubsub.in-memory", [] { return std::make_unique<MemoryPubSub>(); });
}

}  // namespace lichen::components
