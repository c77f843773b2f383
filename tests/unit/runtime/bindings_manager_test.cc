// The bindings block without transports: direction metadata, daprd's probe before reading an
// input binding, delivery through the InputHandler, and close.
#include "runtime/bindings/bindings_manager.h"

#include <gtest/gtest.h>

#include "unit/runtime/quick_retry.h"

namespace lichen::bindings {
namespace {

class FakeBinding : public InputBinding, public OutputBinding {
 public:
  Expected<void, Status> init(const component::Properties&) override { return {}; }
  std::vector<std::string> operations() const override { return {"create"}; }
  InvokeResult invoke(const InvokeRequest& request) override {
    return InvokeResult::success({request.data, {}});
  }
  Expected<void, Status> read(ReadHandler handler) override {
    handler_ = std::move(handler);
    return {};
  }
  void close() override { closed_ = true; }

  ReadHandler handler_;
  bool closed_ = false;
};

class FakeHandler : public InputHandler {
 public:
  StatusOr<bool> accepts(const std::string& name, const std::string& route) override {
    probes.push_back(name + "@" + route);
    return accept;
  }
  StatusOr<std::string> deliver(const InputEvent& event) override {
    events.push_back(event);
    return std::string("reply");
  }
  bool accept = true;
  std::vector<std::string> probes;
  std::vector<InputEvent> events;
};

struct Added {
  FakeBinding* binding;
  std::vector<std::string> capabilities;
};

Added add(BindingsManager& manager, const std::string& name,
          std::map<std::string, std::string> metadata = {}) {
  component::Properties properties;
  for (const auto& [key, value] : metadata) properties.set(key, value);
  auto binding = std::make_unique<FakeBinding>();
  FakeBinding* raw = binding.get();
  auto capabilities =
      manager.addComponent({name, "bindings.fake", "v1"}, properties, std::move(binding));
  EXPECT_TRUE(capabilities);
  return {raw, capabilities ? *capabilities : std::vector<std::string>{}};
}

TEST(BindingsManagerTest, DirectionChoosesInputOutputOrBoth) {
  BindingsManager manager;
  EXPECT_EQ(add(manager, "both").capabilities,
            (std::vector<std::string>{"INPUT_BINDING", "OUTPUT_BINDING"}));
  EXPECT_EQ(add(manager, "out", {{"direction", "output"}}).capabilities,
            (std::vector<std::string>{"OUTPUT_BINDING"}));
  EXPECT_EQ(add(manager, "in", {{"direction", " Input , "}}).capabilities,
            (std::vector<std::string>{"INPUT_BINDING"}));
  EXPECT_TRUE(manager.hasOutput("out"));
  EXPECT_FALSE(manager.hasOutput("in"));
  EXPECT_EQ(manager.inputNames(), (std::vector<std::string>{"both", "in"}));
  EXPECT_EQ(manager.invoke("out", "create", "d", {}).response->data, "d");
  EXPECT_FALSE(manager.invoke("in", "create", "d", {}).ok());
}

TEST(BindingsManagerTest, ProbesTheAppUnlessTheDirectionIsExplicit) {
  BindingsManager manager;
  FakeBinding* probed = add(manager, "probed", {{"route", "/custom"}}).binding;
  FakeBinding* refused = add(manager, "refused").binding;
  FakeBinding* declared = add(manager, "declared", {{"direction", "input"}}).binding;
  auto handler = std::make_shared<FakeHandler>();
  manager.startInput(handler);
  EXPECT_EQ(handler->probes, (std::vector<std::string>{"probed@custom", "refused@refused"}));
  handler->accept = false;  // too late to matter: startInput probes once
  manager.startInput(handler);
  EXPECT_EQ(handler->probes.size(), 2u);
  ASSERT_TRUE(probed->handler_);
  ASSERT_TRUE(declared->handler_);
  ASSERT_TRUE(refused->handler_);  // accepted: the first probe answered true

  auto reply = probed->handler_({"data", {{"k", "v"}}});
  ASSERT_TRUE(reply);
  EXPECT_EQ(*reply, "reply");
  ASSERT_EQ(handler->events.size(), 1u);
  EXPECT_EQ(handler->events[0].name, "probed");
  EXPECT_EQ(handler->events[0].route, "custom");
  EXPECT_EQ(handler->events[0].data, "data");
  EXPECT_EQ(handler->events[0].metadata.at("k"), "v");
  manager.close();
  EXPECT_TRUE(probed->closed_ && refused->closed_ && declared->closed_);
}

TEST(BindingsManagerTest, AnAppThatSays404GetsNoEvents) {
  BindingsManager manager;
  FakeBinding* binding = add(manager, "cron").binding;
  auto handler = std::make_shared<FakeHandler>();
  handler->accept = false;
  manager.startInput(handler);
  EXPECT_FALSE(binding->handler_);
}

// An app that fails the first `failures` events it is handed.
class FailingHandler : public FakeHandler {
 public:
  StatusOr<std::string> deliver(const InputEvent& event) override {
    events.push_back(event);
    if (static_cast<int>(events.size()) <= failures) {
      return fail(StatusCode::kInternal, "app answered 500");
    }
    return std::string("done");
  }
  int failures = 0;
};

TEST(BindingsManagerTest, InputEventsRunUnderTheInboundRetryPolicy) {
  resiliency::ResiliencySpec spec;
  spec.retries["fewTimes"] = resiliency::quickRetry(3);
  spec.components["cron"].inbound.retry = "fewTimes";
  BindingsManager manager;
  manager.setResiliency(std::make_shared<resiliency::Resiliency>(spec));
  FakeBinding* binding = add(manager, "cron", {{"direction", "input"}}).binding;
  auto handler = std::make_shared<FailingHandler>();
  handler->failures = 2;
  manager.startInput(handler);
  ASSERT_TRUE(binding->handler_);
  auto reply = binding->handler_({"tick", {}});
  ASSERT_TRUE(reply);
  EXPECT_EQ(*reply, "done");
  EXPECT_EQ(handler->events.size(), 3u);
  handler->failures = 100;
  EXPECT_FALSE(binding->handler_({"tick", {}}));
  EXPECT_EQ(handler->events.size(), 7u);  // one event, three retries
}

}  // namespace
}  // namespace lichen::bindings
