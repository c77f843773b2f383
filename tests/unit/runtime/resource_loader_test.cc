#include "runtime/resources/resource_loader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace lichen::resources {
namespace {

constexpr const char* kTwoDocs = R"(apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: statestore
  namespace: default
auth:
  secretStore: envsecrets
spec:
  type: state.sqlite
  version: v1
  metadata:
  - name: connectionString
    value: "data.db"
  - name: password
    secretKeyRef:
      name: db-secret
      key: password
  - name: fromEnv
    envRef: SOME_VAR
scopes:
- app1
---
apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: sub
spec:
  topic: orders
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: envsecrets
spec:
  type: secretstores.local.env
  version: v1
  ignoreErrors: true
)";

TEST(ResourceLoaderTest, ParsesComponentsAndSkipsOtherKinds) {
  auto specs = parseComponents(kTwoDocs, "res/a.yaml");
  ASSERT_TRUE(specs) << specs.error().message();
  ASSERT_EQ(specs->size(), 2u);
  const auto& state = (*specs)[0];
  EXPECT_EQ(state.name, "statestore");
  EXPECT_EQ(state.namespace_, "default");
  EXPECT_EQ(state.type, "state.sqlite");
  EXPECT_EQ(state.category(), "state");
  EXPECT_EQ(state.version, "v1");
  EXPECT_EQ(state.secret_store, "envsecrets");
  EXPECT_EQ(state.scopes, std::vector<std::string>{"app1"});
  EXPECT_EQ(state.where(), "res/a.yaml:1");
  ASSERT_EQ(state.metadata.size(), 3u);
  EXPECT_EQ(state.metadata[0].value, "data.db");
  EXPECT_EQ(state.metadata[0].line, 12u);
  ASSERT_TRUE(state.metadata[1].secret_key_ref.has_value());
  EXPECT_EQ(state.metadata[1].secret_key_ref->name, "db-secret");
  EXPECT_EQ(state.metadata[1].secret_key_ref->key, "password");
  EXPECT_EQ(state.metadata[2].env_ref, "SOME_VAR");
  EXPECT_EQ((*specs)[1].name, "envsecrets");
  EXPECT_TRUE((*specs)[1].ignore_errors);
  EXPECT_EQ((*specs)[1].line, 30u);
}

TEST(ResourceLoaderTest, BadYamlNamesFileAndLine) {
  auto specs = parseComponents("kind: Component\nmetadata: [unclosed\n", "bad.yaml");
  ASSERT_FALSE(specs);
  EXPECT_EQ(specs.error().message().rfind("bad.yaml:", 0), 0u) << specs.error().message();
}

TEST(ResourceLoaderTest, MissingFieldsNameFileAndLine) {
  auto no_type = parseComponents(
      "\n\napiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\nspec:\n  version: "
      "v1\n",
      "f.yaml");
  ASSERT_FALSE(no_type);
  EXPECT_NE(no_type.error().message().find("f.yaml:"), std::string::npos);
  EXPECT_NE(no_type.error().message().find("spec.type"), std::string::npos);

  auto no_name = parseComponents(
      "apiVersion: dapr.io/v1alpha1\nkind: Component\nspec:\n  type: state.x\n", "g.yaml");
  ASSERT_FALSE(no_name);
  EXPECT_NE(no_name.error().message().find("g.yaml:1"), std::string::npos);

  auto wrong_api = parseComponents("apiVersion: v2\nkind: Component\n", "h.yaml");
  ASSERT_FALSE(wrong_api);

  auto unnamed_item = parseComponents(
      "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\nspec:\n  type: "
      "state.x\n  metadata:\n  - value: 1\n",
      "i.yaml");
  ASSERT_FALSE(unnamed_item);
  EXPECT_NE(unnamed_item.error().message().find("i.yaml:8"), std::string::npos)
      << unnamed_item.error().message();
}

TEST(ResourceLoaderTest, LoadsFolderSortedAndRejectsDuplicates) {
  auto dir = std::filesystem::temp_directory_path() / ("lichen-res-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto write = [&](const char* name, const std::string& component) {
    std::ofstream(dir / name) << "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  "
                                 "name: "
                              << component << "\nspec:\n  type: state.in-memory\n  version: v1\n";
  };
  write("b.yaml", "second");
  write("a.yml", "first");
  std::ofstream(dir / "notes.txt") << "ignored";
  auto specs = loadComponents({dir.string()});
  ASSERT_TRUE(specs) << specs.error().message();
  ASSERT_EQ(specs->size(), 2u);
  EXPECT_EQ((*specs)[0].name, "first");
  EXPECT_EQ((*specs)[1].name, "second");

  write("c.yaml", "first");
  auto duplicate = loadComponents({dir.string()});
  ASSERT_FALSE(duplicate);
  EXPECT_NE(duplicate.error().message().find("already declared"), std::string::npos);
  EXPECT_FALSE(loadComponents({(dir / "missing").string()}));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lichen::resources
