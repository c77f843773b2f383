// The path resolver never leaves its start directory: `..`, absolute paths and symlinks that
// point outside are refused with ENOTCAPABLE; symlinks inside are followed.
#include "wasi/path_resolver.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include "tests/unit/wasi/temp_tree.h"
#include "wasi/posix_os.h"

namespace lichen::wasi {
namespace {

class PathResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // outside/secret.txt is next to the sandbox, not in it.
    tree_.mkdir("outside");
    tree_.write("outside/secret.txt", "secret");
    tree_.mkdir("box/sub/deeper");
    tree_.write("box/file.txt", "inside");
    tree_.write("box/sub/deeper/x.txt", "x");
    tree_.symlink("sub/deeper", "box/to_deeper");
    tree_.symlink("../file.txt", "box/sub/up_one");
    tree_.symlink("/etc", "box/absolute");
    tree_.symlink("../outside", "box/escape_dir");
    tree_.symlink("../../../outside/secret.txt", "box/sub/deeper/escape_file");
    tree_.symlink("loop_b", "box/loop_a");
    tree_.symlink("loop_a", "box/loop_b");
    box_ = ::open(tree_.path("box").c_str(), O_RDONLY | O_DIRECTORY);
    ASSERT_GE(box_, 0);
  }
  void TearDown() override { ::close(box_); }

  // The resolved name's content through the resolved directory, or the errno.
  std::string readVia(const std::string& path, bool follow = true) {
    auto r = resolvePath(os_, box_, path, follow);
    if (!r) return "errno " + std::to_string(static_cast<int>(r.error()));
    int fd = ::openat(r->dirFd(), r->name().c_str(), O_RDONLY | O_NOFOLLOW);
    if (fd < 0) return "open failed";
    char buf[64] = {};
    ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    return n < 0 ? "directory" : std::string(buf, static_cast<size_t>(n));
  }

  testing::TempTree tree_;
  PosixOs os_;
  int box_ = -1;
};

const std::string kNotCapable = "errno 76";

TEST_F(PathResolverTest, PlainPathsResolve) {
  EXPECT_EQ(readVia("file.txt"), "inside");
  EXPECT_EQ(readVia("sub/deeper/x.txt"), "x");
  EXPECT_EQ(readVia("./sub//deeper/./x.txt"), "x");
  EXPECT_EQ(readVia("sub/../file.txt"), "inside");
}

TEST_F(PathResolverTest, DotDotAboveTheStartIsRefused) {
  EXPECT_EQ(readVia(".."), kNotCapable);
  EXPECT_EQ(readVia("../outside/secret.txt"), kNotCapable);
  EXPECT_EQ(readVia("sub/../../outside/secret.txt"), kNotCapable);
  EXPECT_EQ(readVia("sub/deeper/../../../box/file.txt"), kNotCapable);
}

TEST_F(PathResolverTest, AbsolutePathsAreRefused) {
  EXPECT_EQ(readVia("/etc/passwd"), kNotCapable);
  EXPECT_EQ(readVia("/"), kNotCapable);
}

TEST_F(PathResolverTest, SymlinksInsideAreFollowed) {
  EXPECT_EQ(readVia("to_deeper/x.txt"), "x");
  EXPECT_EQ(readVia("sub/up_one"), "inside");
}

TEST_F(PathResolverTest, SymlinksLeadingOutAreRefused) {
  EXPECT_EQ(readVia("absolute/passwd"), kNotCapable);
  EXPECT_EQ(readVia("absolute"), kNotCapable);
  EXPECT_EQ(readVia("escape_dir/secret.txt"), kNotCapable);
  EXPECT_EQ(readVia("sub/deeper/escape_file"), kNotCapable);
}

TEST_F(PathResolverTest, FinalSymlinkIsKeptWithoutFollow) {
  auto r = resolvePath(os_, box_, "absolute", false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->name(), "absolute");
  EXPECT_EQ(r->dirFd(), box_);
  // ...but an intermediate one is still checked.
  EXPECT_EQ(readVia("absolute/passwd", false), kNotCapable);
}

TEST_F(PathResolverTest, SymlinkLoopsEndInEloop) { EXPECT_EQ(readVia("loop_a"), "errno 32"); }

TEST_F(PathResolverTest, OddInputs) {
  EXPECT_EQ(readVia(""), "errno 44");                        // ENOENT
  EXPECT_EQ(readVia(std::string("fi\0le", 5)), "errno 25");  // EILSEQ
  EXPECT_EQ(readVia("file.txt/x"), "errno 54");              // ENOTDIR
  EXPECT_EQ(readVia("missing/x"), "errno 44");
  // A trailing slash never reaches the kernel (it would follow a symlink there even under
  // O_NOFOLLOW): it becomes mustBeDir() on a one-component name.
  auto r = resolvePath(os_, box_, "newdir/", true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->name(), "newdir");
  EXPECT_TRUE(r->mustBeDir());
  r = resolvePath(os_, box_, "sub/", false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->name(), "sub");  // the entry itself, so rename("sub/", ...) moves it
  EXPECT_EQ(r->dirFd(), box_);
  EXPECT_TRUE(r->mustBeDir());
  EXPECT_EQ(readVia("file.txt/"), "errno 54");     // ENOTDIR
  r = resolvePath(os_, box_, "to_deeper/", true);  // a link with a slash, followed
  ASSERT_TRUE(r);
  EXPECT_EQ(r->name(), "deeper");
  // Calls that act on the link itself (rename, unlink) get ENOTDIR for "link/", as on Linux.
  EXPECT_FALSE(resolvePath(os_, box_, "to_deeper/", false));
  r = resolvePath(os_, box_, "file.txt", false);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->mustBeDir());
}

// Where an fd really points, by the kernel's account.
std::string realPathOf(int fd) {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/fd/" + std::to_string(fd), ec);
  return ec ? "" : p.string();
}

TEST_F(PathResolverTest, RandomPathsNeverLeaveTheBox) {
  const std::string box = std::filesystem::canonical(tree_.path("box")).string();
  const std::vector<std::string> parts = {"..",        ".",          "sub",      "deeper",
                                          "to_deeper", "escape_dir", "absolute", "up_one",
                                          "file.txt",  "x.txt",      "outside",  "secret.txt",
                                          "loop_a",    "",           "box",      "escape_file"};
  std::mt19937 rng(20261125);
  int resolved = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string path;
    const int n = 1 + static_cast<int>(rng() % 6);
    for (int k = 0; k < n; ++k) path += (k ? "/" : "") + parts[rng() % parts.size()];
    auto r = resolvePath(os_, box_, path, rng() % 2);
    if (!r) continue;
    ++resolved;
    const std::string dir = realPathOf(r->dirFd());
    ASSERT_EQ(dir.rfind(box, 0), 0u) << path << " -> " << dir;
    int fd = ::openat(r->dirFd(), r->name().c_str(), O_PATH | O_NOFOLLOW);
    if (fd < 0) continue;
    const std::string target = realPathOf(fd);
    ::close(fd);
    EXPECT_EQ(target.rfind(box, 0), 0u) << path << " -> " << target;
  }
  EXPECT_GT(resolved, 500);  // the walk is exercised, not just refused
}

}  // namespace
}  // namespace lichen::wasi
