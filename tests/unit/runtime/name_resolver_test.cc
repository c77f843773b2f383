#include "runtime/invoke/name_resolver.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "unit/runtime/scratch_dir.h"

namespace lichen::invoke {
namespace {

class NameResolverTest : public ::testing::Test {
 protected:
  testing::ScratchDir scratch_{"lichen-names"};
  const std::filesystem::path& dir_ = scratch_.path();
};

TEST_F(NameResolverTest, RegisterResolveUnregister) {
  LocalNameResolver self(dir_.string());
  ASSERT_TRUE(self.registerSelf("orders", {"127.0.0.1", 3501, "secret"}));
  struct stat info {};
  ASSERT_EQ(::stat((dir_ / "orders").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  LocalNameResolver other(dir_.string());
  auto found = other.resolve("orders");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->address, "127.0.0.1");
  EXPECT_EQ(found->port, 3501);
  EXPECT_EQ(found->token, "secret");
  EXPECT_FALSE(other.resolve("billing").has_value());

  self.unregisterSelf();
  EXPECT_FALSE(other.resolve("orders").has_value());
}

TEST_F(NameResolverTest, AFolderOthersCanWriteIsRefused) {
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ / "planted") << "127.0.0.1 3500 " << ::getpid() << " t\n";
  ::chmod(dir_.c_str(), 0777);
  LocalNameResolver resolver(dir_.string());
  EXPECT_FALSE(resolver.resolve("planted").has_value());
  ::chmod(dir_.c_str(), 0700);
  EXPECT_TRUE(resolver.resolve("planted").has_value());
}

TEST_F(NameResolverTest, DeadProcessesAndBadIdsAreNotResolved) {
  std::filesystem::create_directories(dir_);
  ::chmod(dir_.c_str(), 0700);
  // pid 0x7ffffffe: no such process.
  std::ofstream(dir_ / "ghost") << "127.0.0.1 3500 2147483646 t\n";
  std::ofstream(dir_ / "garbage") << "not a registration";
  LocalNameResolver resolver(dir_.string());
  EXPECT_FALSE(resolver.resolve("ghost").has_value());
  EXPECT_FALSE(resolver.resolve("garbage").has_value());
  EXPECT_FALSE(resolver.resolve("../etc/passwd").has_value());
  EXPECT_FALSE(resolver.registerSelf("a/b", {"127.0.0.1", 1, "t"}));
  EXPECT_TRUE(isValidAppId("my-app_1.v2"));
  EXPECT_FALSE(isValidAppId(".hidden"));
  EXPECT_FALSE(isValidAppId(""));
}

}  // namespace
}  // namespace lichen::invoke
