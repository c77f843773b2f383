// Building a Runtime from specs: registry lookups, secretKeyRef, envRef, template tags, scopes,
// ignoreErrors, and errors that name the file and line.
#include "runtime/runtime.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>

#include "components/register_components.h"
#include "runtime/resources/resource_loader.h"

namespace lichen::runtime {
namespace {

// A pub/sub that keeps the properties it was initialised with, so tests can see the values
// the runtime resolved (envRef, secretKeyRef, template tags) reach the component.
class RecordingPubSub : public pubsub::PubSub {
 public:
  explicit RecordingPubSub(std::map<std::string, std::string>* seen) : seen_(seen) {}
  Expected<void, Status> init(const component::Properties& properties) override {
    *seen_ = properties.all();
    return {};
  }
  Expected<void, Status> publish(const pubsub::Message&) override { return {}; }
  Expected<void, Status> subscribe(const std::string&, pubsub::Handler) override { return {}; }

 private:
  std::map<std::string, std::string>* seen_;
};

StatusOr<std::unique_ptr<Runtime>> build(const std::string& yaml, const std::string& app = "app1",
                                         std::map<std::string, std::string>* seen = nullptr) {
  Registry registry;
  components::registerBuiltinComponents(registry);
  registry.add("pubsub.recording", [seen] { return std::make_unique<RecordingPubSub>(seen); });
  auto specs = resources::parseComponents(yaml, "test.yaml");
  if (!specs) return fail(specs.error());
  RuntimeOptions options;
  options.app_id = app;
  options.ns = "ns1";
  return Runtime::create(options, registry, std::move(*specs));
}

TEST(RuntimeTest, SecretKeyRefResolvesThroughSecretStoreDeclaredLater) {
  ::setenv("LICHENRT_PASSWORD", "s3cret-value", 1);
  std::map<std::string, std::string> seen;
  auto runtime = build(R"(apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: broker}
auth: {secretStore: env}
spec:
  type: pubsub.recording
  version: v1
  metadata:
  - name: password
    secretKeyRef: {name: LICHENRT_PASSWORD, key: LICHENRT_PASSWORD}
  - name: defaultKey
    secretKeyRef: {name: LICHENRT_PASSWORD}
  - name: plain
    value: literal
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: env}
spec: {type: secretstores.local.env, version: v1}
)",
                       "app1", &seen);
  ASSERT_TRUE(runtime) << runtime.error().message();
  EXPECT_EQ(seen["password"], "s3cret-value");
  EXPECT_EQ(seen["defaultkey"], "s3cret-value");  // no key: the secret's name is the key
  EXPECT_EQ(seen["plain"], "literal");
  auto components = (*runtime)->components();
  ASSERT_EQ(components.size(), 2u);
  EXPECT_EQ(components[0].name, "env");  // secret stores are built first
}

TEST(RuntimeTest, EnvRefValueReachesTheComponent) {
  ::setenv("LICHENRT_HOST", "db.internal:5432", 1);
  std::map<std::string, std::string> seen;
  auto runtime = build(R"(apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: broker}
spec:
  type: pubsub.recording
  version: v1
  metadata:
  - name: host
    envRef: LICHENRT_HOST
  - name: tagged
    value: "{appID}-{namespace}"
)",
                       "app1", &seen);
  ASSERT_TRUE(runtime) << runtime.error().message();
  EXPECT_EQ(seen["host"], "db.internal:5432");
  EXPECT_EQ(seen["tagged"], "app1-ns1");
}

TEST(RuntimeTest, UnknownTypeNamesFileLineAndType) {
  auto runtime = build(
      "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: r}\n"
      "spec: {type: state.redis, version: v1}\n");
  ASSERT_FALSE(runtime);
  const std::string& message = runtime.error().message();
  EXPECT_NE(message.find("test.yaml:1"), std::string::npos) << message;
  EXPECT_NE(message.find("state.redis"), std::string::npos) << message;
  EXPECT_NE(message.find("unknown component type"), std::string::npos) << message;
}

TEST(RuntimeTest, MissingRequiredMetadataIsReported) {
  auto runtime = build(
      "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: db}\n"
      "spec: {type: state.sqlite, version: v1, metadata: []}\n");
  ASSERT_FALSE(runtime);
  EXPECT_NE(runtime.error().message().find("connectionString"), std::string::npos);
  EXPECT_NE(runtime.error().message().find("test.yaml:1"), std::string::npos);
}

TEST(RuntimeTest, UnsupportedVersionIsUnknown) {
  auto runtime = build(
      "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: m}\n"
      "spec: {type: state.in-memory, version: v7}\n");
  ASSERT_FALSE(runtime);
}

TEST(RuntimeTest, SecretKeyRefWithoutStoreIsAnErrorWithTheItemLine) {
  auto runtime = build(R"(apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: store}
spec:
  type: state.in-memory
  version: v1
  metadata:
  - name: x
    secretKeyRef: {name: a}
)");
  ASSERT_FALSE(runtime);
  EXPECT_NE(runtime.error().message().find("test.yaml:8"), std::string::npos)
      << runtime.error().message();
}

TEST(RuntimeTest, ScopesAndIgnoreErrors) {
  auto runtime = build(R"(apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: other}
spec: {type: state.in-memory, version: v1}
scopes: [someone-else]
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: broken}
spec: {type: state.sqlite, version: v1, ignoreErrors: true}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: mine}
spec: {type: state.in-memory, version: v1}
scopes: [app1]
)");
  ASSERT_TRUE(runtime) << runtime.error().message();
  auto components = (*runtime)->components();
  ASSERT_EQ(components.size(), 1u);
  EXPECT_EQ(components[0].name, "mine");
  EXPECT_EQ(components[0].capabilities, (std::vector<std::string>{"ETAG", "TRANSACTIONAL", "TTL"}));
}

TEST(RuntimeTest, TemplateTags) {
  RuntimeOptions options;
  options.app_id = "orders";
  options.ns = "prod";
  EXPECT_EQ(expandTemplateTags("{appID}-{namespace}", options), "orders-prod");
  std::string uuid = expandTemplateTags("{uuid}", options);
  EXPECT_EQ(uuid.size(), 36u);
  EXPECT_NE(uuid, expandTemplateTags("{uuid}", options));
  EXPECT_EQ(expandTemplateTags("plain", options), "plain");
}

TEST(RuntimeTest, EmbeddedDefaultsAreSqliteStateAndInMemoryPubSub) {
  auto specs = embeddedDefaults("/tmp/x");
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[0].name, "statestore");
  EXPECT_EQ(specs[0].type, "state.sqlite");
  EXPECT_EQ(specs[1].name, "pubsub");
  EXPECT_EQ(specs[1].type, "pubsub.in-memory");
}

TEST(RuntimeTest, ExtendedMetadata) {
  auto runtime = build("");
  ASSERT_TRUE(runtime);
  (*runtime)->setExtended("k", "v");
  EXPECT_EQ((*runtime)->extended().at("k"), "v");
}

}  // namespace
}  // namespace lichen::runtime
