// Building a Runtime from specs: registry lookups, secretKeyRef, envRef, template tags, scopes,
// ignoreErrors, and errors that name the file and line.
#include "runtime/runtime.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "components/register_components.h"
#include "runtime/resources/resource_loader.h"

namespace lichen::runtime {
namespace {

StatusOr<std::unique_ptr<Runtime>> build(const std::string& yaml, const std::string& app = "app1") {
  Registry registry;
  components::registerBuiltinComponents(registry);
  auto specs = resources::parseComponents(yaml, "test.yaml");
  if (!specs) return fail(specs.error());
  RuntimeOptions options;
  options.app_id = app;
  options.ns = "ns1";
  return Runtime::create(options, registry, std::move(*specs));
}

TEST(RuntimeTest, SecretKeyRefResolvesThroughSecretStoreDeclaredLater) {
  ::setenv("LICHENRT_DB_TABLE", "resolved_table", 1);
  auto runtime = build(R"(apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: store}
auth: {secretStore: env}
spec:
  type: state.in-memory
  version: v1
  metadata:
  - name: keyPrefix
    secretKeyRef: {name: LICHENRT_DB_TABLE, key: LICHENRT_DB_TABLE}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: env}
spec: {type: secretstores.local.env, version: v1}
)");
  ASSERT_TRUE(runtime) << runtime.error().message();
  auto& state = (*runtime)->state();
  ASSERT_TRUE(state.save(
      "store", {state::SetRequest{"k", "1", std::nullopt, {}, {}, {}, std::nullopt, ""}}));
  auto components = (*runtime)->components();
  ASSERT_EQ(components.size(), 2u);
  EXPECT_EQ(components[0].name, "env");  // secret stores are built first
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
