// Service invocation without a transport: the own app id (and "id.namespace") goes to the app
// channel with the method and query as a path, other ids through name resolution to the
// RemoteInvoker, unknown ids and failures answer ERR_DIRECT_INVOKE.
#include "runtime/invoke/direct_messaging.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

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
