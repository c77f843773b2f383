#include "runtime/resources/configuration.h"

#include <gtest/gtest.h>

namespace lichen::resources {
namespace {

constexpr const char* kConfig = R"(apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata:
  name: appconfig
spec:
  features:
  - name: HotReload
    enabled: true
  - name: Other
    enabled: false
  secrets:
    scopes:
    - storeName: vault
      defaultAccess: deny
      allowedSecrets: ["a", "b"]
    - storeName: local
      deniedSecrets: ["hidden"]
    - storeName: closed
      defaultAccess: DENY
)";

TEST(ConfigurationTest, ParsesSecretScopesAndFeatures) {
  auto config = parseConfiguration(kConfig, "config.yaml");
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_EQ(config->name, "appconfig");
  EXPECT_EQ(config->enabled_features, std::vector<std::string>{"HotReload"});
  ASSERT_EQ(config->secret_scopes.size(), 3u);
  const SecretScope& vault = config->secret_scopes[0];
  EXPECT_TRUE(vault.allows("a"));
  EXPECT_FALSE(vault.allows("c"));
  const SecretScope& local = config->secret_scopes[1];
  EXPECT_TRUE(local.allows("anything"));
  EXPECT_FALSE(local.allows("hidden"));
  EXPECT_FALSE(config->secret_scopes[2].allows("x"));
}

TEST(ConfigurationTest, AllowListDecidesAloneAsInDaprd) {
  SecretScope scope{"s", false, {"a"}, {"a"}};
  EXPECT_TRUE(scope.allows("a"));   // the allow list wins over the deny list
  EXPECT_FALSE(scope.allows("b"));  // and over defaultAccess: allow
}

TEST(ConfigurationTest, ErrorsNameFileAndLine) {
  auto bad = parseConfiguration("kind: Configuration\nspec:\n  secrets:\n    scopes:\n    - {}\n",
                                "c.yaml");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("c.yaml:5"), std::string::npos) << bad.error().message();
  auto access = parseConfiguration(
      "kind: Configuration\nspec:\n  secrets:\n    scopes:\n    - storeName: s\n"
      "      defaultAccess: maybe\n",
      "c.yaml");
  ASSERT_FALSE(access);
  EXPECT_NE(access.error().message().find("c.yaml:6"), std::string::npos);
  EXPECT_FALSE(parseConfiguration("kind: Component\n", "c.yaml"));
  EXPECT_FALSE(parseConfiguration("a: [", "c.yaml"));
  EXPECT_FALSE(loadConfiguration("/nonexistent/config.yaml"));
}

}  // namespace
}  // namespace lichen::resources
