// pubsub.in-memory: a process-local broker like Dapr's in-memory pub/sub. Each subscription has
// its own queue and delivery thread, so subscribers take messages in publish order without
// waiting for each other. A batch subscription takes what is queued, up to its limit, once the
// limit is queued or its wait since the first message has passed. A handler error is retried
// as Dapr's component does: up to 10 attempts, 100 ms apart (the failed messages of a batch
// together), then the message is given up (logged). Not durable.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "runtime/pubsub/pubsub.h"
#include "runtime/registry.h"

namespace lichen::components {

class MemoryPubSub : public pubsub::PubSub {
 public:
  static constexpr int kAttempts = 10;
  static constexpr std::chrono::milliseconds kRetryInterval{100};

  MemoryPubSub() = default;
  ~MemoryPubSub() override;

  Expected<void, Status> init(const component::Properties& properties) override;
  Expected<void, Status> publish(const pubsub::Message& message) override;
  Expected<void, Status> subscribe(const std::string& topic, pubsub::Handler handler) override;
  Expected<void, Status> subscribeBatch(const std::string& topic, pubsub::BatchLimits limits,
                                        pubsub::BatchHandler handler) override;
  void close() override;

 private:
  struct Subscription {
    pubsub::BatchLimits limits;
    pubsub::BatchHandler handler;
    std::deque<pubsub::Message> queue;  // guarded by the broker's mutex_
    std::thread worker;
  };
  void deliverLoop(Subscription& subscription);
  // Waits for the subscription's next batch; empty when closing.
  std::vector<pubsub::Message> nextBatch(Subscription& subscription);

  std::mutex mutex_;
  std::condition_variable wake_;  // a message queued, or closing
  std::map<std::string, std::vector<std::unique_ptr<Subscription>>> topics_;
  bool closed_ = false;
};

void registerMemoryPubSub(runtime::Registry& registry);

}  // namespace lichen::components
