// Host errno -> WASI errno values are part of the ABI (witx numbering).
#include "wasi/errno_map.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cerrno>

#include "wasi/wasi_imports.h"

namespace lichen::wasi {
namespace {

int wasiErrno(int host) { return static_cast<int>(errnoFromHost(host)); }

TEST(ErrnoMap, WitxValues) {
  EXPECT_EQ(wasiErrno(0), 0);
  EXPECT_EQ(wasiErrno(E2BIG), 1);
  EXPECT_EQ(wasiErrno(EACCES), 2);
  EXPECT_EQ(wasiErrno(EAGAIN), 6);
  EXPECT_EQ(wasiErrno(EBADF), 8);
  EXPECT_EQ(wasiErrno(EEXIST), 20);
  EXPECT_EQ(wasiErrno(EFAULT), 21);
  EXPECT_EQ(wasiErrno(EINVAL), 28);
  EXPECT_EQ(wasiErrno(EIO), 29);
  EXPECT_EQ(wasiErrno(EISDIR), 31);
  EXPECT_EQ(wasiErrno(ELOOP), 32);
  EXPECT_EQ(wasiErrno(EMFILE), 33);
  EXPECT_EQ(wasiErrno(ENAMETOOLONG), 37);
  EXPECT_EQ(wasiErrno(ENOENT), 44);
  EXPECT_EQ(wasiErrno(ENOMEM), 48);
  EXPECT_EQ(wasiErrno(ENOSPC), 51);
  EXPECT_EQ(wasiErrno(ENOSYS), 52);
  EXPECT_EQ(wasiErrno(ENOTDIR), 54);
  EXPECT_EQ(wasiErrno(ENOTEMPTY), 55);
  EXPECT_EQ(wasiErrno(ENOTSUP), 58);
  EXPECT_EQ(wasiErrno(EOPNOTSUPP), 58);
  EXPECT_EQ(wasiErrno(EPERM), 63);
  EXPECT_EQ(wasiErrno(EPIPE), 64);
  EXPECT_EQ(wasiErrno(EROFS), 69);
  EXPECT_EQ(wasiErrno(ESPIPE), 70);
  EXPECT_EQ(wasiErrno(EXDEV), 75);
  EXPECT_EQ(static_cast<int>(Errno::kNotcapable), 76);
}

TEST(ErrnoMap, UnknownHostErrnoIsEio) { EXPECT_EQ(wasiErrno(99999), 29); }

TEST(ErrnoMap, Filetypes) {
  EXPECT_EQ(filetypeFromMode(S_IFREG), Filetype::kRegularFile);
  EXPECT_EQ(filetypeFromMode(S_IFDIR), Filetype::kDirectory);
  EXPECT_EQ(filetypeFromMode(S_IFLNK), Filetype::kSymbolicLink);
  EXPECT_EQ(filetypeFromMode(S_IFCHR), Filetype::kCharacterDevice);
  EXPECT_EQ(filetypeFromMode(S_IFIFO), Filetype::kUnknown);
  EXPECT_EQ(filetypeFromDirentType(DT_DIR), Filetype::kDirectory);
  EXPECT_EQ(filetypeFromDirentType(DT_UNKNOWN), Filetype::kUnknown);
}

TEST(WasiImports, EveryPreview1FunctionIsProvided) { EXPECT_EQ(wasiFunctionNames().size(), 46u); }

}  // namespace
}  // namespace lichen::wasi
