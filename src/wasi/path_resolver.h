// Resolves a guest path against a directory fd without ever leaving it. The walk happens here,
// one component at a time (openat with O_NOFOLLOW|O_DIRECTORY), so the OS never follows a
// symlink or `..` on the guest's behalf:
//   - absolute paths are refused (kNotcapable);
//   - `..` pops a directory the walk itself entered, and is refused at the start directory;
//   - symlinks are read and spliced into the walk; absolute targets are refused, and more
//     than kMaxSymlinks expansions answer kLoop.
// The result is a directory fd and one final name to hand to a *at() call that does not follow.
// The name is always a single component: never empty, never "..", never containing '/'. A
// trailing slash is reported by mustBeDir(), not kept in the name: on Linux a name ending in
// '/' makes the kernel follow a symlink even under O_NOFOLLOW, so such a name would let a
// symlink swapped in after the walk lead anywhere.
#pragma once

#include <string>
#include <vector>

#include "wasi/os.h"
#include "wasi/wasi_types.h"

namespace lichen::wasi {

// A directory (borrowed or owned) plus the last component, valid while the object lives.
class ResolvedPath {
 public:
  ResolvedPath() = default;
  ResolvedPath(WasiOs* os, std::vector<int> owned, int dir_fd, std::string name, bool must_be_dir)
      : os_(os),
        owned_(std::move(owned)),
        dir_fd_(dir_fd),
        name_(std::move(name)),
        must_be_dir_(must_be_dir) {}
  ResolvedPath(ResolvedPath&& other) noexcept { *this = std::move(other); }
  ResolvedPath& operator=(ResolvedPath&& other) noexcept;
  ResolvedPath(const ResolvedPath&) = delete;
  ResolvedPath& operator=(const ResolvedPath&) = delete;
  ~ResolvedPath() { release(); }

  int dirFd() const { return dir_fd_; }
  // One component: "." when the path names the directory itself.
  const std::string& name() const { return name_; }
  // The path ended in '/': the name must be a directory (or not exist yet, for mkdir "d/").
  bool mustBeDir() const { return must_be_dir_; }

 private:
  void release();

  WasiOs* os_ = nullptr;
  std::vector<int> owned_;
  int dir_fd_ = -1;
  std::string name_;
  bool must_be_dir_ = false;
};

constexpr int kMaxSymlinks = 40;

// `follow_final`: whether a symlink in the last component is followed (lookupflags).
Expected<ResolvedPath, Errno> resolvePath(WasiOs& os, int start_dir_fd, const std::string& path,
                                          bool follow_final);

}  // namespace lichen::wasi
