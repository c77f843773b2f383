// Resolves a guest path against a directory fd without ever leaving it. The walk happens here,
// one component at a time (openat with O_NOFOLLOW|O_DIRECTORY), so the OS never follows a
// symlink or `..` on the guest's behalf:
//   - absolute paths are refused (kNotcapable);
//   - `..` pops a directory the walk itself entered, and is refused at the start directory;
//   - symlinks are read and spliced into the walk; absolute targets are refused, and more
//     than kMaxSymlinks expansions answer kLoop.
// The result is a directory fd and one final name to hand to a *at() call that does not follow.
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
  ResolvedPath(WasiOs* os, std::vector<int> owned, int dir_fd, std::string name)
      : os_(os), owned_(std::move(owned)), dir_fd_(dir_fd), name_(std::move(name)) {}
  ResolvedPath(ResolvedPath&& other) noexcept { *this = std::move(other); }
  ResolvedPath& operator=(ResolvedPath&& other) noexcept;
  ResolvedPath(const ResolvedPath&) = delete;
  ResolvedPath& operator=(const ResolvedPath&) = delete;
  ~ResolvedPath() { release(); }

  int dirFd() const { return dir_fd_; }
  // Never empty: "." when the path names the directory itself. A trailing "/" is kept when the
  // path had one and the name does not exist yet (so mkdir "d/" works and open "f/" fails).
  const std::string& name() const { return name_; }

 private:
  void release();

  WasiOs* os_ = nullptr;
  std::vector<int> owned_;
  int dir_fd_ = -1;
  std::string name_;
};

constexpr int kMaxSymlinks = 40;

// `follow_final`: whether a symlink in the last component is followed (lookupflags).
Expected<ResolvedPath, Errno> resolvePath(WasiOs& os, int start_dir_fd, const std::string& path,
                                          bool follow_final);

}  // namespace lichen::wasi
