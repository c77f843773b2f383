// The sidecar's lifecycle over fake transports and a fake app: transports start in order and
// stop in reverse with the drain time, a failed start stops what started, the app connection
// reaches invocation and pub/sub (programmatic subscriptions once the app is ready), the
// sidecar publishes itself to name resolution while it runs, and shutdown requests end the
// wait.
#include "runtime/sidecar.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "components/register_components.h"
#include "unit/runtime/scratch_dir.h"

namespace lichen::runtime {
namespace {

class FakeTransport : public Transport {
 public:
  FakeTransport(std::string name, uint16_t port, std::vector<std::string>& trace,
                bool fails = false)
      : name_(std::move(name)), port_(port), trace_(trace), fails_(fails) {}
  StatusOr<TransportInfo> start() override {
    trace_.push_back("start " + name_);
    if (fails_) return fail(StatusCode::kInternal, "cannot listen");
    return TransportInfo{name_, "0.0.0.0", port_, port_ != 0};
  }
  void stop(int64_t drain_ms) override {
    trace_.push_back("stop " + name_ + " " + std::to_string(drain_ms));
  }

 private:
  std::string name_;
  uint16_t port_;
  std::vector<std::string>& trace_;
  bool fails_;
};

class FakeApp : public component::AppChannel, public pubsub::Subscriber {
 public:
  StatusOr<component::AppResponse> call(const std::string&, const std::string&, const std::string&,
                                        const std::string&) override {
    return component::AppResponse{200, "", ""};
  }
  pubsub::DeliveryResult deliver(const pubsub::Delivery&) override { return {}; }
  StatusOr<std::vector<pubsub::Subscription>> subscriptions() override {
    pubsub::Subscription sub;
    sub.pubsub = "pubsub";
    sub.topic = "orders";
    sub.type = "PROGRAMMATIC";
    return std::vector<pubsub::Subscription>{sub};
  }
  std::atomic<bool> ready{false};
};

class SidecarTest : public ::testing::Test {
 protected:
  void SetUp() override { components::registerBuiltinComponents(registry_); }

  std::unique_ptr<Sidecar> create(SidecarOptions options) {
    component::ComponentSpec pubsub;
    pubsub.name = "pubsub";
    pubsub.type = "pubsub.in-memory";
    pubsub.version = "v1";
    RuntimeOptions runtime_options;
    runtime_options.app_id = "orders";
    auto sidecar = Sidecar::create(runtime_options, registry_, {pubsub}, std::move(options));
    EXPECT_TRUE(sidecar) << sidecar.error().message();
    return sidecar ? std::move(*sidecar) : nullptr;
  }

  testing::ScratchDir scratch_{"lichen-sidecar"};
  const std::filesystem::path& dir_ = scratch_.path();
  Registry registry_;
  std::vector<std::string> trace_;
};

TEST_F(SidecarTest, StartsTransportsConnectsTheAppAndStopsInReverse) {
  auto app = std::make_shared<FakeApp>();
  SidecarOptions options;
  options.app = {app, app, [app] { return app->ready.load(); }, "ready"};
  options.resolver = std::make_shared<invoke::LocalNameResolver>(dir_.string());
  options.internal_token = "tok";
  options.graceful_shutdown_ms = 1234;
  auto sidecar = create(options);
  ASSERT_TRUE(sidecar);
  sidecar->addTransport(std::make_unique<FakeTransport>("first", 0, trace_));
  sidecar->addTransport(std::make_unique<FakeTransport>("second", 3599, trace_));
  ASSERT_TRUE(sidecar->start());
  EXPECT_EQ(trace_, (std::vector<std::string>{"start first", "start second"}));
  EXPECT_EQ(sidecar->runtime().invocation().appChannel(), app);

  // Published with the invocation transport's port; 0.0.0.0 is reached on 127.0.0.1.
  invoke::LocalNameResolver others(dir_.string());
  auto endpoint = others.resolve("orders");
  ASSERT_TRUE(endpoint.has_value());
  EXPECT_EQ(endpoint->address, "127.0.0.1");
  EXPECT_EQ(endpoint->port, 3599);
  EXPECT_EQ(endpoint->token, "tok");

  // Programmatic subscriptions wait for the app.
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_TRUE(sidecar->runtime().pubsub().subscriptions().empty());
  app->ready = true;
  for (int i = 0; i < 100 && sidecar->runtime().pubsub().subscriptions().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(sidecar->runtime().pubsub().subscriptions().size(), 1u);

  std::thread shutdown([&sidecar] { sidecar->requestShutdown(); });
  sidecar->waitForShutdown();
  shutdown.join();
  EXPECT_TRUE(sidecar->shutdownRequested());
  sidecar->stop();
  sidecar->stop();  // idempotent
  EXPECT_EQ(trace_, (std::vector<std::string>{"start first", "start second", "stop second 1234",
                                              "stop first 1234"}));
  EXPECT_FALSE(others.resolve("orders").has_value());
}

TEST_F(SidecarTest, AFailedStartStopsWhatStarted) {
  auto sidecar = create({});
  ASSERT_TRUE(sidecar);
  sidecar->addTransport(std::make_unique<FakeTransport>("first", 1, trace_));
  sidecar->addTransport(std::make_unique<FakeTransport>("broken", 2, trace_, true));
  auto started = sidecar->start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().message(), "cannot listen");
  EXPECT_EQ(trace_, (std::vector<std::string>{"start first", "start broken", "stop broken 5000",
                                              "stop first 5000"}));
}

TEST_F(SidecarTest, ComponentErrorsFailCreation) {
  component::ComponentSpec bad;
  bad.name = "bad";
  bad.type = "state.nope";
  bad.version = "v1";
  EXPECT_FALSE(Sidecar::create({}, registry_, {bad}, {}));
}

}  // namespace
}  // namespace lichen::runtime
