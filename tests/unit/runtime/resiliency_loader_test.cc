#include "runtime/resources/resiliency_loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "scratch_dir.h"

namespace lichen::resources {
namespace {

using namespace std::chrono_literals;
using resiliency::Duration;

constexpr const char* kFull = R"(apiVersion: dapr.io/v1alpha1
kind: Resiliency
metadata:
  name: myresiliency
scopes: [checkout]
spec:
  policies:
    timeouts:
      general: 5s
      quick: 100ms
      long: 1m30s
      bare: "1500"
    retries:
      retryForever:
        policy: exponential
        maxInterval: 15s
        maxRetries: -1
        matching:
          httpStatusCodes: "500-599,404"
          gRPCStatusCodes: "1-4"
      important:
        policy: constant
        duration: 5s
        maxRetries: 30
    circuitBreakers:
      simpleCB:
        maxRequests: 1
        interval: 8s
        timeout: 45s
        trip: consecutiveFailures > 8
  targets:
    apps:
      appB: {timeout: general, retry: important, circuitBreaker: simpleCB}
    components:
      statestore:
        outbound: {timeout: quick, retry: retryForever, circuitBreaker: simpleCB}
      pubsub:
        inbound: {retry: important}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: c}
spec: {type: state.in-memory, version: v1}
)";

TEST(ResiliencyLoaderTest, ParsesPoliciesAndTargets) {
  auto parsed = parseResiliency(kFull, "res.yaml");
  ASSERT_TRUE(parsed) << parsed.error().message();
  ASSERT_EQ(parsed->size(), 1u);
  const DeclaredResiliency& declared = (*parsed)[0];
  EXPECT_EQ(declared.scopes, std::vector<std::string>{"checkout"});
  const auto& spec = declared.spec;
  EXPECT_EQ(spec.names, std::vector<std::string>{"myresiliency"});
  EXPECT_EQ(spec.timeouts.at("general"), Duration(5s));
  EXPECT_EQ(spec.timeouts.at("quick"), Duration(100ms));
  EXPECT_EQ(spec.timeouts.at("long"), Duration(90s));
  EXPECT_EQ(spec.timeouts.at("bare"), Duration(1500ms));
  const auto& forever = spec.retries.at("retryForever");
  EXPECT_EQ(forever.kind, resiliency::RetryPolicy::Kind::kExponential);
  EXPECT_EQ(forever.max_interval, Duration(15s));
  EXPECT_EQ(forever.max_retries, -1);
  EXPECT_TRUE(forever.retriesCode(404));
  EXPECT_TRUE(forever.retriesCode(503));
  EXPECT_FALSE(forever.retriesCode(400));
  EXPECT_TRUE(forever.retriesCode(2));
  EXPECT_FALSE(forever.retriesCode(5));
  const auto& important = spec.retries.at("important");
  EXPECT_EQ(important.kind, resiliency::RetryPolicy::Kind::kConstant);
  EXPECT_EQ(important.duration, Duration(5s));
  EXPECT_EQ(important.max_retries, 30);
  const auto& cb = spec.circuit_breakers.at("simpleCB");
  EXPECT_EQ(cb.max_requests, 1u);
  EXPECT_EQ(cb.interval, Duration(8s));
  EXPECT_EQ(cb.timeout, Duration(45s));
  EXPECT_EQ(cb.trip.text(), "consecutiveFailures > 8");
  EXPECT_EQ(spec.apps.at("appB").retry, "important");
  EXPECT_EQ(spec.components.at("statestore").outbound.timeout, "quick");
  EXPECT_EQ(spec.components.at("pubsub").inbound.retry, "important");
  EXPECT_TRUE(checkReferences(spec, declared.references));
}

// Each bad input, and a piece of the message it must give (file, line and field).
struct BadCase {
  const char* body;
  const char* message;
};

TEST(ResiliencyLoaderTest, RefusesBadValuesNamingFileLineAndField) {
  const BadCase cases[] = {
      {"  policies:\n    timeouts:\n      t: 5 seconds\n",
       "bad.yaml:8: resiliency 'r': spec.policies.timeouts.t: invalid duration '5 seconds'"},
      {"  policies:\n    retries:\n      r1: {policy: linear}\n",
       "spec.policies.retries.r1.policy: must be constant or exponential, got 'linear'"},
      {"  policies:\n    retries:\n      r1: {maxRetries: -2}\n",
       "spec.policies.retries.r1.maxRetries: must be an integer >= -1, got '-2'"},
      {"  policies:\n    retries:\n      r1: {maxRetries: many}\n",
       "maxRetries: must be an integer"},
      {"  policies:\n    retries:\n      r1: {matching: {httpStatusCodes: \"500-700\"}}\n",
       "spec.policies.retries.r1.matching.httpStatusCodes: code pattern '500-700' is outside "
       "100-599"},
      {"  policies:\n    retries:\n      r1: {matching: {gRPCStatusCodes: \"17\"}}\n",
       "matching.gRPCStatusCodes: code pattern '17' is outside 0-16"},
      {"  policies:\n    retries:\n      r1: {maxRetry: 3}\n",
       "spec.policies.retries.r1.maxRetry: unknown field"},
      {"  policies:\n    circuitBreakers:\n      cb: {trip: \"consecutiveFailures > 3 || "
       "requests > 9\"}\n",
       "bad.yaml:8: resiliency 'r': spec.policies.circuitBreakers.cb.trip: trip "
       "'consecutiveFailures > 3 || requests > 9' is not supported"},
      {"  policies:\n    circuitBreakers:\n      cb: {timeout: soon}\n",
       "spec.policies.circuitBreakers.cb.timeout: invalid duration 'soon'"},
      {"  policies:\n    circuitBreakers:\n      cb: {maxRequests: -1}\n",
       "circuitBreakers.cb.maxRequests: must be an integer >= 0"},
      {"  policies:\n    timeouts: [5s]\n", "spec.policies.timeouts: must be a map"},
      {"  targets:\n    apps:\n      b: {retries: x}\n",
       "spec.targets.apps.b.retries: unknown field"},
      {"  targets:\n    components:\n      s: {outgoing: {retry: x}}\n",
       "spec.targets.components.s.outgoing: unknown field (inbound, outbound)"},
      {"  target: {}\n", "spec.target: unknown field (policies, targets)"},
  };
  for (const BadCase& bad : cases) {
    std::string yaml = std::string("apiVersion: dapr.io/v1alpha1\nkind: Resiliency\n") +
                       "metadata:\n  name: r\nspec:\n" + bad.body;
    auto parsed = parseResiliency(yaml, "bad.yaml");
    ASSERT_FALSE(parsed) << bad.body;
    EXPECT_NE(parsed.error().message().find(bad.message), std::string::npos)
        << parsed.error().message();
    EXPECT_EQ(parsed.error().code(), StatusCode::kInvalidConfig);
  }
}

TEST(ResiliencyLoaderTest, MalformedYamlAndWrongApiVersion) {
  auto broken = parseResiliency("kind: Resiliency\nspec: {policies: [\n", "broken.yaml");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message().find("broken.yaml:"), std::string::npos);
  EXPECT_NE(broken.error().message().find("invalid YAML"), std::string::npos);
  auto version = parseResiliency("apiVersion: dapr.io/v2\nkind: Resiliency\nspec: {}\n", "v.yaml");
  ASSERT_FALSE(version);
  EXPECT_NE(version.error().message().find("v.yaml:1: resiliency '': apiVersion"),
            std::string::npos)
      << version.error().message();
}

TEST(ResiliencyLoaderTest, UndefinedPolicyNamesAreRefusedAfterMerging) {
  testing::ScratchDir dir("resiliency-refs");
  std::filesystem::create_directories(dir.path());
  std::ofstream(dir.path() / "a.yaml") << R"(apiVersion: dapr.io/v1alpha1
kind: Resiliency
metadata: {name: policies}
spec:
  policies:
    retries: {three: {maxRetries: 3}}
)";
  std::ofstream(dir.path() / "b.yaml") << R"(apiVersion: dapr.io/v1alpha1
kind: Resiliency
metadata: {name: targets}
spec:
  targets:
    apps:
      orders: {retry: three}
)";
  auto merged = loadResiliency({dir.path().string()}, "me");
  ASSERT_TRUE(merged) << merged.error().message();
  EXPECT_EQ(merged->apps.at("orders").retry, "three");

  std::ofstream(dir.path() / "c.yaml") << R"(apiVersion: dapr.io/v1alpha1
kind: Resiliency
metadata: {name: typo}
spec:
  targets:
    components:
      statestore:
        outbound:
          retry: thre
)";
  auto refused = loadResiliency({dir.path().string()}, "me");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find(
                "c.yaml:9: resiliency 'typo': spec.targets.components.statestore.outbound.retry: "
                "no retry policy named 'thre'"),
            std::string::npos)
      << refused.error().message();
}

TEST(ResiliencyLoaderTest, ScopesSelectTheAppIds) {
  testing::ScratchDir dir("resiliency-scopes");
  std::filesystem::create_directories(dir.path());
  std::ofstream(dir.path() / "r.yaml") << R"(apiVersion: dapr.io/v1alpha1
kind: Resiliency
metadata: {name: scoped}
scopes: [checkout]
spec:
  policies:
    timeouts: {t: 1s}
)";
  auto mine = loadResiliency({dir.path().string()}, "checkout");
  ASSERT_TRUE(mine);
  EXPECT_TRUE(mine->timeouts.contains("t"));
  auto other = loadResiliency({dir.path().string()}, "billing");
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

}  // namespace
}  // namespace lichen::resources
