// Which API requests the server may answer on an I/O thread (DaprHttpApi::neverBlocks): state
// calls on an in-memory store without a resiliency policy, healthz without an app, 405s; never
// a SQLite store, a store under a policy, an invocation or an unknown path.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "api/http/dapr_api.h"
#include "api/http/server.h"
#include "components/register_components.h"
#include "runtime/resources/resiliency_loader.h"
#include "runtime/resources/resource_loader.h"

namespace lichen::http {
namespace {

class PassThrough : public middleware::HttpMiddleware {
 public:
  Expected<void, Status> init(const component::Properties&) override { return {}; }
  middleware::HttpResponse handle(middleware::HttpRequest request,
                                  const middleware::HttpNext& next) const override {
    return next(request);
  }
};

class NeverBlocksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::filesystem::temp_directory_path() /
          ("lichen-never-blocks-" + std::to_string(::getpid()) + ".db");
    std::string yaml = R"(apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: memory}
spec: {type: state.in-memory, version: v1}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: guarded}
spec: {type: state.in-memory, version: v1}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: disk}
spec:
  type: state.sqlite
  version: v1
  metadata: [{name: connectionString, value: ")" +
                       db_.string() + R"("}]
)";
    runtime::Registry registry;
    components::registerBuiltinComponents(registry);
    auto specs = resources::parseComponents(yaml, "test.yaml");
    ASSERT_TRUE(specs) << specs.error().message();
    auto declared = resources::parseResiliency(R"(apiVersion: dapr.io/v1alpha1
kind: Resiliency
metadata: {name: r}
spec:
  policies:
    retries:
      twice: {policy: constant, duration: 10ms, maxRetries: 2}
  targets:
    components:
      guarded:
        outbound: {retry: twice}
)",
                                               "res.yaml");
    ASSERT_TRUE(declared) << declared.error().message();
    ASSERT_EQ(declared->size(), 1u);
    runtime::RuntimeOptions runtime_options;
    runtime_options.app_id = "myapp";
    runtime_options.resiliency = (*declared)[0].spec;
    auto runtime = runtime::Runtime::create(runtime_options, registry, std::move(*specs));
    ASSERT_TRUE(runtime) << runtime.error().message();
    runtime_ = std::move(*runtime);
  }
  void TearDown() override {
    runtime_.reset();
    std::filesystem::remove(db_);
  }

  static ApiRequest request(const std::string& method, const std::string& target) {
    ApiRequest out;
    out.method = method;
    EXPECT_TRUE(parseTarget(target, out));
    return out;
  }

  std::filesystem::path db_;
  std::unique_ptr<runtime::Runtime> runtime_;
};

TEST_F(NeverBlocksTest, InMemoryStateWithoutPoliciesOnly) {
  DaprHttpApi api(*runtime_, ApiOptions{});
  EXPECT_TRUE(api.neverBlocks(request("GET", "/v1.0/state/memory/k")));
  EXPECT_TRUE(api.neverBlocks(request("POST", "/v1.0/state/memory")));
  EXPECT_TRUE(api.neverBlocks(request("DELETE", "/v1.0/state/memory/k")));
  EXPECT_TRUE(api.neverBlocks(request("POST", "/v1.0/state/memory/bulk")));
  EXPECT_TRUE(api.neverBlocks(request("POST", "/v1.0/state/memory/transaction")));
  // An unknown store's answer is an error at hand.
  EXPECT_TRUE(api.neverBlocks(request("GET", "/v1.0/state/absent/k")));
  // SQLite waits on the disk; a retry policy sleeps between attempts.
  EXPECT_FALSE(api.neverBlocks(request("GET", "/v1.0/state/disk/k")));
  EXPECT_FALSE(api.neverBlocks(request("POST", "/v1.0/state/disk")));
  EXPECT_FALSE(api.neverBlocks(request("GET", "/v1.0/state/guarded/k")));
  // Calls into the app, other components, unknown paths (the app-id fallback) all may block.
  EXPECT_FALSE(api.neverBlocks(request("POST", "/v1.0/invoke/myapp/method/echo")));
  EXPECT_FALSE(api.neverBlocks(request("GET", "/v1.0/secrets/files/db")));
  EXPECT_FALSE(api.neverBlocks(request("GET", "/echo")));
  // A 405 is answered by the router itself.
  EXPECT_TRUE(api.neverBlocks(request("PATCH", "/v1.0/state/memory/k")));
  // Without an app, healthz is a constant answer.
  EXPECT_TRUE(api.neverBlocks(request("GET", "/v1.0/healthz")));
  EXPECT_TRUE(api.neverBlocks(request("GET", "/v1.0/healthz/outbound")));
}

TEST_F(NeverBlocksTest, AppReadinessAndPipelinesGoToWorkers) {
  ApiOptions with_app;
  with_app.app_ready = [] { return true; };  // in the sidecar: a connection to the app
  DaprHttpApi api(*runtime_, with_app);
  EXPECT_FALSE(api.neverBlocks(request("GET", "/v1.0/healthz")));
  EXPECT_TRUE(api.neverBlocks(request("GET", "/v1.0/state/memory/k")));

  // A spec.httpPipeline runs guest code around every request.
  ApiOptions with_pipeline;
  with_pipeline.http_pipeline.push_back(std::make_shared<PassThrough>());
  DaprHttpApi piped(*runtime_, with_pipeline);
  ApiRequest get = request("GET", "/v1.0/state/memory/k");
  EXPECT_FALSE(piped.neverBlocks(get));
  EXPECT_EQ(piped.handle(get).status, 204);
}

}  // namespace
}  // namespace lichen::http
