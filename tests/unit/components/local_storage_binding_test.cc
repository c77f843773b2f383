// bindings.localstorage: Dapr's operations and metadata, and a sandbox that hostile names and
// symlinks planted under the root cannot leave.
#include "components/bindings/localstorage/local_storage_binding.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/process.h"

namespace lichen::components {
namespace {

namespace fs = std::filesystem;

class LocalStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("lichen-ls-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    fs::create_directories(base_ / "outside");
    std::ofstream(base_ / "outside" / "secret.txt") << "top secret";
    component::Properties properties;
    properties.set("rootPath", (base_ / "root").string());
    auto init = binding_.init(properties);
    ASSERT_TRUE(init) << init.error().message();
  }
  void TearDown() override { fs::remove_all(base_); }

  bindings::InvokeResult call(const std::string& operation, const std::string& file,
                              const std::string& data = "") {
    bindings::Metadata metadata;
    if (!file.empty()) metadata["fileName"] = file;
    return binding_.invoke({operation, data, metadata});
  }
  std::string outsideSecret() {
    return testing::readFile((base_ / "outside" / "secret.txt").string());
  }

  fs::path base_;
  LocalStorageBinding binding_;
};

TEST_F(LocalStorageTest, CreateGetListDelete) {
  auto created = call("create", "a/b/c.txt", R"("hello")");  // JSON string: quotes come off
  ASSERT_TRUE(created.ok()) << created.error.message();
  EXPECT_EQ(created.response->data, R"({"fileName":"a/b/c.txt"})");
  EXPECT_EQ(call("get", "a/b/c.txt").response->data, "hello");
  ASSERT_TRUE(call("create", "bin", R"("aGVsbG8=")").ok());  // base64 text is decoded
  EXPECT_EQ(call("get", "bin").response->data, "hello");
  std::string root = binding_.root();
  EXPECT_EQ(call("list", "").response->data, "[\"" + root + "/a/b/c.txt\",\"" + root + "/bin\"]");
  EXPECT_EQ(call("list", "a").response->data, "[\"" + root + "/a/b/c.txt\"]");
  auto removed = call("delete", "a/b/c.txt");
  EXPECT_TRUE(removed.ok());
  EXPECT_FALSE(removed.response);  // daprd answers 204
  auto missing = call("get", "a/b/c.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error.message(), "file not found: " + root + "/a/b/c.txt");
  EXPECT_EQ(call("list", "a").response->data, "null");  // Go's nil slice
  // Without fileName, create names the file with a UUID.
  auto generated = call("create", "", "x");
  ASSERT_TRUE(generated.ok());
  EXPECT_EQ(generated.response->data.size(), std::string(R"({"fileName":""})").size() + 36);
  EXPECT_FALSE(call("get", "").ok());  // the root is a directory, not a file
  EXPECT_FALSE(call("rename", "x").ok());
}

TEST_F(LocalStorageTest, DotDotNamesStayUnderTheRoot) {
  for (const char* name : {"../outside/secret.txt", "../../../../../../etc/passwd",
                           "a/../../outside/secret.txt", "/etc/passwd", "./../x"}) {
    auto created = call("create", name, "pwned");
    ASSERT_TRUE(created.ok()) << name << ": " << created.error.message();
    EXPECT_EQ(outsideSecret(), "top secret") << name;
  }
  EXPECT_TRUE(fs::exists(fs::path(binding_.root()) / "outside" / "secret.txt"));
  EXPECT_TRUE(fs::exists(fs::path(binding_.root()) / "etc" / "passwd"));
  EXPECT_EQ(call("get", "../outside/secret.txt").response->data, "pwned");  // the one inside
  EXPECT_NE(testing::readFile("/etc/passwd"), "pwned");
}

TEST_F(LocalStorageTest, SymlinksCannotLeadOutOfTheRoot) {
  fs::path root = binding_.root();
  fs::create_directory_symlink(base_ / "outside", root / "dir-link");        // absolute
  fs::create_directory_symlink("../outside", root / "rel-link");             // relative
  fs::create_symlink(base_ / "outside" / "secret.txt", root / "file-link");  // to a file
  for (const char* name : {"dir-link/secret.txt", "rel-link/secret.txt", "file-link"}) {
    auto read = call("get", name);
    EXPECT_TRUE(!read.ok() || read.response->data != "top secret") << name;
    call("create", name, "pwned");
    EXPECT_EQ(outsideSecret(), "top secret") << name;
    call("delete", name);
    EXPECT_TRUE(fs::exists(base_ / "outside" / "secret.txt")) << name;
  }
  // The link's target, re-rooted, does not exist under the root: refused, and nothing is made
  // outside (Dapr would create the re-rooted folders under the root instead).
  call("create", "dir-link/new/deep.txt", "x");
  EXPECT_FALSE(fs::exists(base_ / "outside" / "new"));
  // A link to a folder inside the root works as a folder.
  fs::create_directories(root / "real");
  fs::create_directory_symlink("/real", root / "inside-link");  // absolute: re-rooted
  ASSERT_TRUE(call("create", "inside-link/f.txt", "y").ok());
  EXPECT_EQ(testing::readFile((root / "real" / "f.txt").string()), "y");
  auto listed = call("list", "dir-link");
  EXPECT_TRUE(!listed.ok() || listed.response->data.find("secret") == std::string::npos);
}

TEST(LocalStorageInitTest, RootPathIsRequiredAndNotASystemFolder) {
  for (const char* root : {"", "/proc", "/sys/kernel", "/boot/x"}) {
    LocalStorageBinding binding;
    component::Properties properties;
    properties.set("rootPath", root);
    EXPECT_FALSE(binding.init(properties)) << root;
  }
}

TEST(LocalStorageHelpersTest, CleanAndBase64) {
  EXPECT_EQ(cleanRelative("../../a//b/./c/.."), "a/b");
  EXPECT_EQ(cleanRelative("/"), "");
  EXPECT_EQ(decodeStdBase64("aGVsbG8="), "hello");
  EXPECT_EQ(decodeStdBase64("aGVs\nbG8="), "hello");
  EXPECT_FALSE(decodeStdBase64("hello"));
  EXPECT_FALSE(decodeStdBase64("aGVsbG8"));
  EXPECT_FALSE(decodeStdBase64("a=Vs"));
}

}  // namespace
}  // namespace lichen::components
