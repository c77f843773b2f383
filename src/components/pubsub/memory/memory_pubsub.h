// pubsub.in-memory: a process-local broker like Dapr's in-memory pub/sub. Publishing queues the
// message; one delivery thread hands it to every subscriber of the topic in publish order. A
// handler error is logged, not redelivered (as in Dapr's in-memory component). Not durable.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "runtime/pubsub/pubsub.h"
#include "runtime/registry.h"

namespace lichen::components {

class MemoryPubSub : public pubsub::PubSub {
 public:
  MemoryPubSub() = default;
  ~MemoryPubSub() override;

  Expected<void, Status> init(const component::Properties& properties) override;
  Expected<void, Status> publish(const pubsub::Message& message) override;
  Expected<void, Status> subscribe(const std::string& topic, pubsub::Handler handler) override;
  void close() override;

 private:
  void deliverLoop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<pubsub::Message> queue_;
  std::map<std::string, std::vector<pubsub::Handler>> handlers_;
  bool closed_ = false;
  std::thread worker_;
};

void registerMemoryPubSub(runtime::Registry& registry);

}  // namespace lichen::components
