// wasi_snapshot_preview1 calls made directly against a WasiCtx: results, exact errno values,
// the sandbox (escapes refused, read-only pre-opens) and untrusted guest pointers.
#include <gtest/gtest.h>

#include <set>

#include "tests/unit/wasi/wasi_fixture.h"

namespace lichen::wasi {
namespace {

using testing::WasiFixture;
constexpr uint64_t kRw = rights::kAll;

TEST_F(WasiFixture, PrestatDescribesPreopens) {
  Call c = call();
  EXPECT_EQ(fdPrestatGet(c, kBox, kOut), Errno::kSuccess);
  EXPECT_EQ(mem(kOut)[0], kPreopentypeDir);
  EXPECT_EQ(u32(kOut + 4), 4u);
  EXPECT_EQ(fdPrestatDirName(c, kBox, kData, 4), Errno::kSuccess);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(mem(kData)), 4), "/box");
  EXPECT_EQ(fdPrestatDirName(c, kBox, kData, 2), Errno::kNametoolong);
  EXPECT_EQ(fdPrestatGet(c, 1, kOut), Errno::kBadf);  // stdout is not a pre-open
  EXPECT_EQ(fdPrestatGet(c, 5, kOut), Errno::kBadf);  // the end of the list
}

TEST_F(WasiFixture, CreateWriteReadBack) {
  uint32_t fd = 0;
  ASSERT_EQ(open(kBox, "new.txt", kOflagCreat | kOflagExcl, kRw, &fd), Errno::kSuccess);
  EXPECT_EQ(fd, 5u);  // lowest free number after stdio and the two pre-opens
  ASSERT_EQ(write(fd, "hello wasi"), Errno::kSuccess);
  EXPECT_EQ(u32(kOut), 10u);
  Call c = call();
  ASSERT_EQ(fdSeek(c, fd, 6, kWhenceSet, kOut), Errno::kSuccess);
  EXPECT_EQ(u64(kOut), 6u);
  std::string text;
  ASSERT_EQ(read(fd, text), Errno::kSuccess);
  EXPECT_EQ(text, "wasi");
  ASSERT_EQ(fdTell(c, fd, kOut), Errno::kSuccess);
  EXPECT_EQ(u64(kOut), 10u);
  ASSERT_EQ(fdFilestatGet(c, fd, kOut), Errno::kSuccess);
  EXPECT_EQ(mem(kOut + 16)[0], static_cast<uint8_t>(Filetype::kRegularFile));
  EXPECT_EQ(u64(kOut + 32), 10u);
  EXPECT_EQ(fdClose(c, fd), Errno::kSuccess);
  EXPECT_EQ(fdClose(c, fd), Errno::kBadf);
  EXPECT_EQ(tree_.read("box/new.txt"), "hello wasi");
  EXPECT_EQ(open(kBox, "new.txt", kOflagCreat | kOflagExcl, kRw), Errno::kExist);
}

TEST_F(WasiFixture, EscapesFromAPreopenAreRefused) {
  tree_.write("outside/secret.txt", "secret");
  EXPECT_EQ(open(kBox, "../outside/secret.txt", 0, kRw), Errno::kNotcapable);
  EXPECT_EQ(open(kBox, "/etc/passwd", 0, kRw), Errno::kNotcapable);
  EXPECT_EQ(open(kBox, "../outside/created.txt", kOflagCreat, kRw), Errno::kNotcapable);
  Call c = call();
  // Symlinks the guest makes may point anywhere, but are never followed out.
  const std::string target = "../outside";
  std::memcpy(mem(kData), target.data(), target.size());
  ASSERT_EQ(pathSymlink(c, kData, static_cast<uint32_t>(target.size()), kBox, kPath, path("link")),
            Errno::kSuccess);
  EXPECT_EQ(open(kBox, "link/secret.txt", 0, kRw), Errno::kNotcapable);
  EXPECT_EQ(open(kBox, "link/made.txt", kOflagCreat, kRw), Errno::kNotcapable);
  EXPECT_EQ(pathCreateDirectory(c, kBox, kPath, path("link/newdir")), Errno::kNotcapable);
  EXPECT_EQ(pathUnlinkFile(c, kBox, kPath, path("link/secret.txt")), Errno::kNotcapable);
  EXPECT_EQ(pathFilestatGet(c, kBox, kLookupSymlinkFollow, kPath, path("link"), kOut),
            Errno::kNotcapable);
  const std::string absolute = "/etc";
  std::memcpy(mem(kData), absolute.data(), absolute.size());
  EXPECT_EQ(pathSymlink(c, kData, 4, kBox, kPath, path("abs")), Errno::kPerm);
  tree_.symlink(tree_.path("outside").string(), "box/absolute");  // made by the host
  EXPECT_EQ(open(kBox, "absolute/secret.txt", 0, kRw), Errno::kNotcapable);
  EXPECT_FALSE(tree_.exists("outside/created.txt"));
  EXPECT_FALSE(tree_.exists("outside/made.txt"));
  EXPECT_FALSE(tree_.exists("outside/newdir"));
  EXPECT_TRUE(tree_.exists("outside/secret.txt"));
}

TEST_F(WasiFixture, ReadOnlyPreopenRefusesChanges) {
  Call c = call();
  EXPECT_EQ(open(kRo, "new.txt", kOflagCreat, kRw), Errno::kNotcapable);
  EXPECT_EQ(open(kRo, "readme.txt", kOflagTrunc, kRw), Errno::kNotcapable);
  EXPECT_EQ(pathCreateDirectory(c, kRo, kPath, path("d")), Errno::kNotcapable);
  EXPECT_EQ(pathUnlinkFile(c, kRo, kPath, path("readme.txt")), Errno::kNotcapable);
  EXPECT_EQ(pathRename(c, kRo, kPath, path("readme.txt"), kRo, kPath, 6), Errno::kNotcapable);
  uint32_t fd = 0;
  ASSERT_EQ(open(kRo, "readme.txt", 0, kRw, &fd), Errno::kSuccess);
  std::string text;
  EXPECT_EQ(read(fd, text), Errno::kSuccess);
  EXPECT_EQ(text, "read me");
  EXPECT_EQ(write(fd, "x"), Errno::kNotcapable);
  EXPECT_EQ(tree_.read("ro/readme.txt"), "read me");
}

TEST_F(WasiFixture, GuestPointersAreBoundsChecked) {
  Call c = call();
  EXPECT_EQ(fdWrite(c, 1, kBeyond, 1, kOut), Errno::kFault);  // iovec array outside
  *reinterpret_cast<uint32_t*>(mem(kIov)) = kBeyond - 2;
  *reinterpret_cast<uint32_t*>(mem(kIov + 4)) = 4;  // buffer crosses the end
  EXPECT_EQ(fdWrite(c, 1, kIov, 1, kOut), Errno::kFault);
  EXPECT_EQ(fdWrite(c, 1, kIov, 0, kBeyond), Errno::kFault);  // result pointer outside
  EXPECT_EQ(argsGet(c, kBeyond - 4, kData), Errno::kFault);
  EXPECT_EQ(argsSizesGet(c, 0xFFFFFFFF, kOut), Errno::kFault);
  EXPECT_EQ(pathOpen(c, kBox, 0, kBeyond - 1, 5, 0, kRw, kRw, 0, kOut), Errno::kFault);
  EXPECT_EQ(pathOpen(c, kBox, 0, kPath, path("x"), kOflagCreat, kRw, kRw, 0, kBeyond),
            Errno::kFault);
  EXPECT_EQ(clockTimeGet(c, kClockMonotonic, 0, kBeyond - 7), Errno::kFault);
  EXPECT_EQ(randomGet(c, kBeyond - 8, 9), Errno::kFault);
  EXPECT_EQ(fdReaddir(c, kBox, kBeyond - 10, 100, 0, kOut), Errno::kFault);
  Call no_memory{*ctx_, GuestMemory(nullptr)};
  EXPECT_EQ(argsSizesGet(no_memory, 0, 4), Errno::kFault);
}

TEST_F(WasiFixture, ErrnoValuesOfFailedCalls) {
  Call c = call();
  EXPECT_EQ(fdWrite(c, 99, kIov, 0, kOut), Errno::kBadf);
  EXPECT_EQ(open(kBox, "missing.txt", 0, kRw), Errno::kNoent);
  tree_.mkdir("box/dir/child");
  tree_.write("box/file", "f");
  EXPECT_EQ(pathCreateDirectory(c, kBox, kPath, path("dir")), Errno::kExist);
  EXPECT_EQ(pathRemoveDirectory(c, kBox, kPath, path("dir")), Errno::kNotempty);
  EXPECT_EQ(pathRemoveDirectory(c, kBox, kPath, path("file")), Errno::kNotdir);
  EXPECT_EQ(pathUnlinkFile(c, kBox, kPath, path("dir")), Errno::kIsdir);
  EXPECT_EQ(open(kBox, "file", kOflagDirectory, kRw), Errno::kNotdir);
  EXPECT_EQ(open(kBox, "file/x", 0, kRw), Errno::kNotdir);
  uint32_t fd = 0;
  ASSERT_EQ(open(kBox, "file", 0, kRw, &fd), Errno::kSuccess);
  // A file fd holds no directory rights: refused by rights before its type is looked at, as
  // Node's uvwasi does.
  EXPECT_EQ(pathCreateDirectory(c, fd, kPath, path("x")), Errno::kNotcapable);
  EXPECT_EQ(fdSeek(c, fd, 0, 7, kOut), Errno::kInval);
  EXPECT_EQ(fdReaddir(c, fd, kData, 64, 0, kOut), Errno::kNotcapable);
  EXPECT_EQ(clockTimeGet(c, 9, 0, kOut), Errno::kInval);
  EXPECT_EQ(pollOneoff(c, kData, kOut, 0, kOut + 512), Errno::kInval);
  EXPECT_EQ(procRaise(c, 6), Errno::kNosys);
  EXPECT_EQ(sockShutdown(c, 1, 0), Errno::kNotsock);
  EXPECT_EQ(sockAccept(c, 42, 0, kOut), Errno::kBadf);
  EXPECT_EQ(fdFdstatSetRights(c, fd, kRw, 0), Errno::kNotcapable);  // rights only shrink
  EXPECT_EQ(fdFdstatSetRights(c, fd, rights::kFdRead, 0), Errno::kSuccess);
  EXPECT_EQ(write(fd, "x"), Errno::kNotcapable);
}

TEST_F(WasiFixture, ReaddirResumesFromCookies) {
  for (const char* name : {"alpha", "beta", "gamma", "delta"})
    tree_.write(std::string("box/") + name, "");
  std::set<std::string> seen;
  uint64_t cookie = 0;
  Call c = call();
  // A 40-byte buffer holds one entry at most, so every call resumes from the last cookie.
  for (int calls = 0; calls < 50; ++calls) {
    ASSERT_EQ(fdReaddir(c, kBox, kData, 40, cookie, kOut), Errno::kSuccess);
    const uint32_t used = u32(kOut);
    if (used < kDirentSize) break;
    const uint32_t namlen = u32(kData + 16);
    if (kDirentSize + namlen > used) break;  // cut short; not expected with these names
    seen.insert(std::string(reinterpret_cast<char*>(mem(kData + kDirentSize)), namlen));
    cookie = u64(kData);
    if (used < 40) break;
  }
  EXPECT_EQ(seen, (std::set<std::string>{".", "..", "alpha", "beta", "delta", "gamma"}));
}

TEST_F(WasiFixture, ReaddirOfAnEmptyDirectoryListsDotAndDotDot) {
  tree_.mkdir("box/empty");
  uint32_t fd = 0;
  ASSERT_EQ(open(kBox, "empty", kOflagDirectory, rights::kFdReaddir, &fd), Errno::kSuccess);
  Call c = call();
  ASSERT_EQ(fdReaddir(c, fd, kData, 256, 0, kOut), Errno::kSuccess);
  std::vector<std::string> names;
  for (uint32_t at = 0; at + kDirentSize <= u32(kOut);) {
    const uint32_t namlen = u32(kData + at + 16);
    names.emplace_back(reinterpret_cast<char*>(mem(kData + at + kDirentSize)), namlen);
    EXPECT_EQ(mem(kData + at + 20)[0], static_cast<uint8_t>(Filetype::kDirectory));
    at += kDirentSize + namlen;
  }
  EXPECT_EQ(names, (std::vector<std::string>{".", ".."}));
}

// What wasmtime does and Rust's std relies on (issue: four behaviors that differed).
TEST_F(WasiFixture, DirectoriesAreNeverOpenedForWriting) {
  tree_.mkdir("box/dir");
  EXPECT_EQ(open(kBox, "dir", kOflagDirectory, rights::kFdRead | rights::kFdWrite), Errno::kIsdir);
  EXPECT_EQ(open(kBox, "dir/", 0, rights::kFdWrite), Errno::kIsdir);
  EXPECT_EQ(open(kBox, "new/", kOflagCreat, kRw), Errno::kIsdir);
  uint32_t fd = 0;
  EXPECT_EQ(open(kBox, "dir", kOflagDirectory, rights::kFdReaddir | rights::kFdRead, &fd),
            Errno::kSuccess);
}

TEST_F(WasiFixture, RenameADirectoryNamedWithATrailingSlash) {
  tree_.mkdir("box/dir");
  tree_.write("box/dir/inner", "i");
  tree_.write("box/file", "f");
  Call c = call();
  const uint32_t from = path("dir/");
  std::memcpy(mem(kData), "moved/", 6);
  EXPECT_EQ(pathRename(c, kBox, kPath, from, kBox, kData, 6), Errno::kSuccess);
  EXPECT_EQ(tree_.read("box/moved/inner"), "i");
  std::memcpy(mem(kData), "moved2", 6);
  EXPECT_EQ(pathRename(c, kBox, kPath, path("file/"), kBox, kData, 6), Errno::kNotdir);
  std::memcpy(mem(kData), "file2/", 6);
  EXPECT_EQ(pathRename(c, kBox, kPath, path("file"), kBox, kData, 6), Errno::kNotdir);
  EXPECT_EQ(pathCreateDirectory(c, kBox, kPath, path("made/")), Errno::kSuccess);
  EXPECT_EQ(pathRemoveDirectory(c, kBox, kPath, path("made/")), Errno::kSuccess);
  EXPECT_EQ(pathUnlinkFile(c, kBox, kPath, path("file/")), Errno::kNotdir);
  EXPECT_TRUE(tree_.exists("box/file"));
}

TEST_F(WasiFixture, OpenWithAppendAndSyncAsRustStdDoes) {
  uint32_t fd = 0;
  const uint64_t rights = rights::kFdRead | rights::kFdWrite | rights::kPathFilestatGet;
  ASSERT_EQ(open(kBox, "log", kOflagCreat, rights, &fd, kFdflagAppend | kFdflagSync),
            Errno::kSuccess);
  ASSERT_EQ(write(fd, "one "), Errno::kSuccess);
  ASSERT_EQ(write(fd, "two"), Errno::kSuccess);
  EXPECT_EQ(tree_.read("box/log"), "one two");
  Call c = call();
  ASSERT_EQ(fdFdstatGet(c, fd, kOut), Errno::kSuccess);
  EXPECT_EQ(*reinterpret_cast<uint16_t*>(mem(kOut + 2)) & kFdflagAppend, kFdflagAppend);
}

TEST_F(WasiFixture, EnvironmentHoldsOnlyWhatWasGiven) {
  Call c = call();
  ASSERT_EQ(environSizesGet(c, kOut, kOut + 4), Errno::kSuccess);
  EXPECT_EQ(u32(kOut), 1u);
  EXPECT_EQ(u32(kOut + 4), 10u);  // "ONLY=this\0"
  ASSERT_EQ(environGet(c, kOut, kData), Errno::kSuccess);
  EXPECT_STREQ(reinterpret_cast<char*>(mem(u32(kOut))), "ONLY=this");
  ASSERT_EQ(argsGet(c, kOut, kData), Errno::kSuccess);
  EXPECT_STREQ(reinterpret_cast<char*>(mem(u32(kOut + 4))), "arg1");
}

TEST_F(WasiFixture, RenumberMovesAnFd) {
  uint32_t a = 0, b = 0;
  ASSERT_EQ(open(kBox, "a", kOflagCreat, kRw, &a), Errno::kSuccess);
  ASSERT_EQ(open(kBox, "b", kOflagCreat, kRw, &b), Errno::kSuccess);
  Call c = call();
  ASSERT_EQ(fdRenumber(c, a, b), Errno::kSuccess);
  ASSERT_EQ(write(b, "to a"), Errno::kSuccess);
  EXPECT_EQ(tree_.read("box/a"), "to a");
  EXPECT_EQ(fdClose(c, a), Errno::kBadf);
  EXPECT_EQ(fdRenumber(c, b, 77), Errno::kBadf);
}

TEST_F(WasiFixture, PollOneoffClockSubscriptionFires) {
  uint8_t* sub = mem(kData);
  std::memset(sub, 0, kSubscriptionSize);
  *reinterpret_cast<uint64_t*>(sub) = 0x1234;  // userdata
  sub[8] = kEventClock;
  *reinterpret_cast<uint32_t*>(sub + 16) = kClockMonotonic;
  *reinterpret_cast<uint64_t*>(sub + 24) = 1'000'000;  // 1 ms, relative
  Call c = call();
  ASSERT_EQ(pollOneoff(c, kData, kOut, 1, kIov), Errno::kSuccess);
  EXPECT_EQ(u32(kIov), 1u);
  EXPECT_EQ(u64(kOut), 0x1234u);
  EXPECT_EQ(mem(kOut + 10)[0], kEventClock);
}

}  // namespace
}  // namespace lichen::wasi
