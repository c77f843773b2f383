// A fake broker and a fake app for the PubSubManager's tests: the broker delivers
// synchronously on publish (a batch subscription's batches when the test hands them over) and
// records each handler's result; the app records what it got and answers as told.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "runtime/pubsub/pubsub.h"
#include "runtime/pubsub/pubsub_manager.h"
#include "runtime/pubsub/subscriber.h"

namespace lichen::pubsub {

class FakeBroker : public PubSub {
 public:
  struct BatchSubscription {
    std::string topic;
    BatchLimits limits;
    BatchHandler handler;
  };

  Expected<void, Status> init(const component::Properties&) override { return {}; }
  Expected<void, Status> publish(const Message& message) override {
    published.push_back(message);
    for (auto& [topic, handler] : handlers) {
      if (topic == message.topic) results.push_back(handler(message));
    }
    return {};
  }
  Expected<void, Status> subscribe(const std::string& topic, Handler handler) override {
    handlers.emplace_back(topic, std::move(handler));
    return {};
  }
  Expected<void, Status> subscribeBatch(const std::string& topic, BatchLimits limits,
                                        BatchHandler handler) override {
    batch_subscriptions.push_back({topic, limits, std::move(handler)});
    return {};
  }
  // Hands `messages` to the batch subscription of `topic` as one batch.
  std::vector<Expected<void, Status>> handOver(const std::string& topic,
                                               std::vector<Message> messages) {
    for (auto& subscription : batch_subscriptions) {
      if (subscription.topic == topic) return subscription.handler(messages);
    }
    return {};
  }
  std::vector<Message> published;
  std::vector<std::pair<std::string, Handler>> handlers;
  std::vector<Expected<void, Status>> results;
  std::vector<BatchSubscription> batch_subscriptions;
};

// Takes events one at a time, as a Wasm app does.
class FakeSubscriber : public Subscriber {
 public:
  DeliveryResult deliver(const Delivery& delivery) override {
    deliveries.push_back(delivery);
    return answer ? answer(delivery) : next;
  }
  StatusOr<std::vector<Subscription>> subscriptions() override {
    if (down) return fail(StatusCode::kInternal, "connection refused");
    return own;
  }
  std::vector<Delivery> deliveries;
  DeliveryResult next;
  std::function<DeliveryResult(const Delivery&)> answer;  // when set, in place of `next`
  std::vector<Subscription> own;
  bool down = false;
};

// Takes bulk requests too, as an HTTP app does.
class FakeBulkSubscriber : public FakeSubscriber {
 public:
  std::vector<DeliveryResult> deliverBulk(std::span<const Delivery> batch) override {
    batches.emplace_back(batch.begin(), batch.end());
    std::vector<DeliveryResult> results;
    for (const Delivery& delivery : batch) results.push_back(answer ? answer(delivery) : next);
    if (leave_out_last && !results.empty()) results.pop_back();
    return results;
  }
  std::vector<std::vector<Delivery>> batches;
  bool leave_out_last = false;  // answer one result short, as an app leaving an entry out
};

// A manager with the fake broker as `pubsub` and a fake app (`App`) as its subscriber.
template <typename App>
class ManagerWithFakes : public ::testing::Test {
 protected:
  void SetUp() override {
    auto broker = std::make_unique<FakeBroker>();
    broker_ = broker.get();
    manager_.addPubSub({"pubsub", "pubsub.fake", "v1"}, std::move(broker));
    manager_.setSubscriber(app_);
  }
  PubSubManager manager_{"publisher"};
  FakeBroker* broker_ = nullptr;
  std::shared_ptr<App> app_ = std::make_shared<App>();
};

}  // namespace lichen::pubsub
