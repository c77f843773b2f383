#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "components/secrets/localenv/local_env_secret_store.h"
#include "components/secrets/localfile/local_file_secret_store.h"

namespace lichen::components {
namespace {

std::string writeSecretsFile(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() /
              ("lichen-secrets-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".json");
  std::ofstream(path) << text;
  return path.string();
}

constexpr const char* kSecrets =
    R"({"db":{"user":"admin","password":"pw","opts":{"tls":true}},"token":"t0k","list":["a","b"]})";

TEST(LocalFileSecretStoreTest, FlattensNestedNamesWithSeparator) {
  LocalFileSecretStore store;
  component::Properties p;
  p.set("secretsFile", writeSecretsFile(kSecrets));
  ASSERT_TRUE(store.init(p));
  auto secret = store.getSecret("db:password", {});
  ASSERT_TRUE(secret && secret->has_value());
  EXPECT_EQ((**secret).at("db:password"), "pw");
  EXPECT_EQ((**store.getSecret("db:opts:tls", {})).at("db:opts:tls"), "true");
  EXPECT_EQ((**store.getSecret("list:1", {})).at("list:1"), "b");
  EXPECT_FALSE(store.getSecret("db", {})->has_value());
  auto all = store.bulkGetSecret({});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->at("token").at("token"), "t0k");
  EXPECT_TRUE(store.capabilities().empty());
}

TEST(LocalFileSecretStoreTest, CustomSeparator) {
  LocalFileSecretStore store;
  component::Properties p;
  p.set("secretsFile", writeSecretsFile(kSecrets));
  p.set("nestedSeparator", ".");
  ASSERT_TRUE(store.init(p));
  EXPECT_EQ((**store.getSecret("db.user", {})).at("db.user"), "admin");
}

TEST(LocalFileSecretStoreTest, MultiValuedGroupsTopLevelKeys) {
  LocalFileSecretStore store;
  component::Properties p;
  p.set("secretsFile", writeSecretsFile(kSecrets));
  p.set("multiValued", "true");
  ASSERT_TRUE(store.init(p));
  auto db = store.getSecret("db", {});
  ASSERT_TRUE(db && db->has_value());
  EXPECT_EQ((**db).at("user"), "admin");
  EXPECT_EQ((**db).at("opts:tls"), "true");
  EXPECT_EQ((**store.getSecret("token", {})).at("token"), "t0k");
  EXPECT_EQ(store.capabilities(), std::vector<std::string>{"MULTIPLE_KEY_VALUES_PER_SECRET"});
}

TEST(LocalFileSecretStoreTest, BadFileIsAnError) {
  LocalFileSecretStore store;
  component::Properties p;
  EXPECT_FALSE(store.init(p));  // secretsFile missing
  p.set("secretsFile", writeSecretsFile("{not json"));
  EXPECT_FALSE(store.init(p));
  p.set("secretsFile", "/nonexistent/secrets.json");
  EXPECT_FALSE(store.init(p));
}

TEST(LocalEnvSecretStoreTest, PrefixFiltersAndStrips) {
  ::setenv("LICHENTEST_API_KEY", "k3y", 1);
  ::setenv("OTHER_LICHEN_VAR", "x", 1);
  LocalEnvSecretStore store;
  component::Properties p;
  p.set("prefix", "LICHENTEST_");
  ASSERT_TRUE(store.init(p));
  EXPECT_EQ((**store.getSecret("API_KEY", {})).at("API_KEY"), "k3y");
  EXPECT_EQ((**store.getSecret("MISSING", {})).at("MISSING"), "");
  auto all = store.bulkGetSecret({});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->at("API_KEY").at("API_KEY"), "k3y");
  EXPECT_FALSE(all->contains("OTHER_LICHEN_VAR"));
}

}  // namespace
}  // namespace lichen::components
