// Service invocation without a transport: the own app id (and "id.namespace") goes to the app
// channel with the method and query as a path, other ids through name resolution to the
// RemoteInvoker, unknown ids and failures answer ERR_DIRECT_INVOKE.
#include "runtime/invoke/direct_messaging.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "unit/runtime/quick_retry.h"
#include "unit/runtime/scratch_dir.h"

namespace lichen::invoke {
namespace {

class FakeApp : public component::AppChannel {
 public:
  StatusOr<component::AppResponse> call(const std::string& method, const std::string& path,
                                        const std::string& body,
                                        const std::string& content_type) override {
    last = method + " " + path + " [" + content_type + "] " + body;
    if (down) return fail(StatusCode::kInternal, "connection refused");
    return component::AppResponse{201, "app says hi", "text/plain"};
  }
  std::string last;
  bool down = false;
};

class FakeRemote : public RemoteInvoker {
 public:
  StatusOr<InvokeResponse> invoke(const Endpoint& sidecar, const InvokeRequest& request) override {
    last = sidecar.address + ":" + std::to_string(sidecar.port) + " " + sidecar.token + " " +
           request.verb + " " + request.app_id + " " + appPath(request);
    return InvokeResponse{202, {}, "remote says hi", "text/plain"};
  }
  std::string last;
};

class DirectMessagingTest : public ::testing::Test {
 protected:
  static InvokeRequest request(std::string app_id, std::string method) {
    InvokeRequest r;
    r.app_id = std::move(app_id);
    r.method = std::move(method);
    r.verb = "POST";
    r.body = "{}";
    r.content_type = "application/json";
    return r;
  }
  testing::ScratchDir scratch_{"lichen-dm"};
  const std::filesystem::path& dir_ = scratch_.path();
  DirectMessaging messaging_{"orders"};
};

TEST_F(DirectMessagingTest, OwnAppGoesToTheAppChannel) {
  auto none = messaging_.invoke(request("orders", "m"));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().info().error_code, "ERR_DIRECT_INVOKE");
  EXPECT_EQ(none.error().message(),
            "failed to invoke, id: orders, err: app channel is not initialized");

  auto app = std::make_shared<FakeApp>();
  messaging_.setAppChannel(app);
  EXPECT_EQ(messaging_.appChannel(), app);
  InvokeRequest r = request("orders.default", "new one/7");
  r.query = {{"x", "1"}, {"y", "a&b"}};
  auto ok = messaging_.invoke(r);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 201);
  EXPECT_EQ(ok->body, "app says hi");
  EXPECT_EQ(ok->content_type, "text/plain");
  EXPECT_EQ(app->last, "POST /new%20one/7?x=1&y=a%26b [application/json] {}");

  app->down = true;
  auto down = messaging_.invoke(request("orders", "m"));
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().message(), "failed to invoke, id: orders, err: connection refused");
}

TEST_F(DirectMessagingTest, OtherAppsGoThroughNameResolution) {
  auto unknown = messaging_.invoke(request("billing", "m"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().info().error_code, "ERR_DIRECT_INVOKE");
  EXPECT_NE(unknown.error().message().find("couldn't find service: billing"), std::string::npos);

  LocalNameResolver billing(dir_.string());
  ASSERT_TRUE(billing.registerSelf("billing", {"127.0.0.1", 3502, "tok"}));
  auto remote = std::make_shared<FakeRemote>();
  messaging_.setRemote(std::make_shared<LocalNameResolver>(dir_.string()), remote);
  InvokeRequest r = request("billing.default", "pay");
  r.query = {{"q", "1"}};
  auto ok = messaging_.invoke(r);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 202);
  EXPECT_EQ(ok->body, "remote says hi");
  EXPECT_EQ(remote->last, "127.0.0.1:3502 tok POST billing /pay?q=1");
  EXPECT_FALSE(messaging_.invoke(request("shipping", "m")));
}

}  // namespace
}  // namespace lichen::invoke

namespace lichen::invoke {
namespace {

// An app answering 500 until its `failures` run out, counting calls.
class FlakyApp : public component::AppChannel {
 public:
  explicit FlakyApp(int failures) : failures_(failures) {}
  StatusOr<component::AppResponse> call(const std::string&, const std::string&, const std::string&,
                                        const std::string&) override {
    ++calls;
    if (calls <= failures_) return component::AppResponse{500, "no", "text/plain"};
    return component::AppResponse{200, "yes", "text/plain"};
  }
  int calls = 0;

 private:
  int failures_;
};

std::shared_ptr<resiliency::Resiliency> retryingTwice(const std::string& app) {
  resiliency::ResiliencySpec spec;
  spec.retries["twice"] = resiliency::quickRetry(2);
  spec.apps[app] = {"", "twice", ""};
  return std::make_shared<resiliency::Resiliency>(spec);
}

InvokeRequest invocation(const std::string& app_id) {
  InvokeRequest r;
  r.app_id = app_id;
  r.method = "m";
  r.verb = "GET";
  return r;
}

// An app failing `failures` times under a policy of two retries: its answer and how often it
// was called.
std::pair<InvokeResponse, int> invokeFlaky(int failures) {
  DirectMessaging messaging("orders");
  auto app = std::make_shared<FlakyApp>(failures);
  messaging.setAppChannel(app);
  messaging.setResiliency(retryingTwice("orders"));
  auto response = messaging.invoke(invocation("orders"));
  EXPECT_TRUE(response);
  return {response ? *response : InvokeResponse{}, app->calls};
}

TEST(DirectMessagingResiliencyTest, AppFailuresAreRetriedUnderTheTargetPolicy) {
  auto [response, calls] = invokeFlaky(2);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(calls, 3);
}

TEST(DirectMessagingResiliencyTest, RetriesRunOutWithTheAppsLastAnswer) {
  auto [response, calls] = invokeFlaky(10);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body, "no");
  EXPECT_EQ(calls, 3);
}

TEST(DirectMessagingResiliencyTest, OtherTargetsAndForwardedCallsRunOnce) {
  DirectMessaging messaging("orders");
  auto app = std::make_shared<FlakyApp>(10);
  messaging.setAppChannel(app);
  messaging.setResiliency(retryingTwice("billing"));  // a policy for another app only
  EXPECT_EQ(messaging.invoke(invocation("orders"))->status, 500);
  EXPECT_EQ(app->calls, 1);
  messaging.setResiliency(retryingTwice("orders"));
  InvokeRequest forwarded = invocation("orders");
  forwarded.headers["lichen-internal-token"] = "t";  // the calling sidecar applied its policy
  EXPECT_EQ(messaging.invoke(forwarded)->status, 500);
  EXPECT_EQ(app->calls, 2);
}

}  // namespace
}  // namespace lichen::invoke
