#include "wasi/path_resolver.h"

#include <fcntl.h>

#include <deque>

#include "wasi/errno_map.h"

namespace lichen::wasi {

ResolvedPath& ResolvedPath::operator=(ResolvedPath&& other) noexcept {
  if (this != &other) {
    release();
    os_ = other.os_;
    owned_ = std::move(other.owned_);
    dir_fd_ = other.dir_fd_;
    name_ = std::move(other.name_);
    must_be_dir_ = other.must_be_dir_;
    other.owned_.clear();
    other.dir_fd_ = -1;
  }
  return *this;
}

void ResolvedPath::release() {
  for (int fd : owned_) (void)os_->close(fd);
  owned_.clear();
}

namespace {

// Splits on '/', keeping empty components out; returns whether the text ended with '/'.
bool pushComponents(const std::string& text, std::deque<std::string>& out, bool at_front) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t slash = text.find('/', start);
    if (slash == std::string::npos) slash = text.size();
    if (slash > start) parts.push_back(text.substr(start, slash - start));
    start = slash + 1;
  }
  if (at_front) {
    out.insert(out.begin(), parts.begin(), parts.end());
  } else {
    out.insert(out.end(), parts.begin(), parts.end());
  }
  return !text.empty() && text.back() == '/';
}

class Walker {
 public:
  Walker(WasiOs& os, int start) : os_(os), start_(start) {}
  ~Walker() {
    for (int fd : stack_) (void)os_.close(fd);
  }

  int top() const { return stack_.empty() ? start_ : stack_.back(); }

  Errno enter(const std::string& name) {
    auto fd = os_.openAt(top(), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
    if (!fd) return errnoFromHost(fd.error());
    stack_.push_back(*fd);
    return Errno::kSuccess;
  }

  Errno leave() {
    if (stack_.empty()) return Errno::kNotcapable;  // `..` above the start directory
    (void)os_.close(stack_.back());
    stack_.pop_back();
    return Errno::kSuccess;
  }

  ResolvedPath finish(std::string name, bool must_be_dir) {
    int dir = top();
    ResolvedPath result(&os_, std::move(stack_), dir, std::move(name), must_be_dir);
    stack_.clear();
    return result;
  }

 private:
  WasiOs& os_;
  int start_;
  std::vector<int> stack_;  // directories entered, owned
};

}  // namespace

Expected<ResolvedPath, Errno> resolvePath(WasiOs& os, int start_dir_fd, const std::string& path,
                                          bool follow_final) {
  if (path.empty()) return Unexpected(Errno::kNoent);
  if (path.front() == '/') return Unexpected(Errno::kNotcapable);
  if (path.find('\0') != std::string::npos) return Unexpected(Errno::kIlseq);

  std::deque<std::string> queue;
  // A trailing slash belongs to the last component; a symlink spliced in for the last component
  // hands its own trailing slash on.
  bool must_be_dir = pushComponents(path, queue, false);
  Walker walker(os, start_dir_fd);
  int expansions = 0;
  while (!queue.empty()) {
    std::string part = std::move(queue.front());
    queue.pop_front();
    const bool last = queue.empty();
    if (part == ".") {
      if (last) return walker.finish(".", must_be_dir);
      continue;
    }
    if (part == "..") {
      Errno e = walker.leave();
      if (e != Errno::kSuccess) return Unexpected(e);
      if (last) return walker.finish(".", must_be_dir);
      continue;
    }
    // A final symlink is followed only when the caller asks: calls that act on the name itself
    // (unlink, rename, readlink, ...) see the link, and a trailing slash on a link is ENOTDIR.
    if (last && !follow_final && !must_be_dir) return walker.finish(part, false);
    auto st = os.fstatAt(walker.top(), part, false);
    if (!st) {
      if (st.error() == ENOENT && last) return walker.finish(part, must_be_dir);
      return Unexpected(errnoFromHost(st.error()));
    }
    if (S_ISLNK(st->st_mode) && !(last && !follow_final)) {
      if (++expansions > kMaxSymlinks) return Unexpected(Errno::kLoop);
      auto target = os.readlinkAt(walker.top(), part);
      if (!target) return Unexpected(errnoFromHost(target.error()));
      if (target->empty()) return Unexpected(Errno::kNoent);
      if (target->front() == '/') return Unexpected(Errno::kNotcapable);
      const bool target_dir = pushComponents(*target, queue, true);
      if (last) must_be_dir = must_be_dir || target_dir;
      continue;
    }
    if (last) {
      if (must_be_dir && !S_ISDIR(st->st_mode)) return Unexpected(Errno::kNotdir);
      return walker.finish(part, must_be_dir);
    }
    if (!S_ISDIR(st->st_mode)) return Unexpected(Errno::kNotdir);
    Errno e = walker.enter(part);
    if (e != Errno::kSuccess) return Unexpected(e);
  }
  return walker.finish(".", must_be_dir);
}

}  // namespace lichen::wasi
