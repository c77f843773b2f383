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

// Splits on '/', keeping empty components out; reports whether the text ended with '/'.
void pushComponents(const std::string& text, std::deque<std::string>& out, bool at_front) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t slash = text.find('/', start);
    if (slash == std::string::npos) slash = text.size();
    if (slash > start) parts.push_back(text.substr(start, slash - start));
    start = slash + 1;
  }
  // A trailing slash means "must be a directory": keep it as a "." component.
  if (!text.empty() && text.back() == '/') parts.push_back(".");
  if (at_front) {
    out.insert(out.begin(), parts.begin(), parts.end());
  } else {
    out.insert(out.end(), parts.begin(), parts.end());
  }
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

  ResolvedPath finish(std::string name) {
    int dir = top();
    ResolvedPath result(&os_, std::move(stack_), dir, std::move(name));
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
  pushComponents(path, queue, false);
  Walker walker(os, start_dir_fd);
  int expansions = 0;
  while (!queue.empty()) {
    std::string part = std::move(queue.front());
    queue.pop_front();
    const bool last = queue.empty();
    if (part == ".") {
      if (last) return walker.finish(".");
      continue;
    }
    if (part == "..") {
      Errno e = walker.leave();
      if (e != Errno::kSuccess) return Unexpected(e);
      if (last) return walker.finish(".");
      continue;
    }
    // A trailing slash arrives as a following "." component: the name must be a directory
    // (and a symlink there is followed, as POSIX does).
    const bool dir_expected = !last && queue.size() == 1 && queue.front() == ".";
    if (last && !follow_final) return walker.finish(part);
    auto st = os.fstatAt(walker.top(), part, false);
    if (!st) {
      if (st.error() == ENOENT && (last || dir_expected)) {
        return walker.finish(dir_expected ? part + "/" : part);
      }
      return Unexpected(errnoFromHost(st.error()));
    }
    if (S_ISLNK(st->st_mode)) {
      if (++expansions > kMaxSymlinks) return Unexpected(Errno::kLoop);
      auto target = os.readlinkAt(walker.top(), part);
      if (!target) return Unexpected(errnoFromHost(target.error()));
      if (target->empty()) return Unexpected(Errno::kNoent);
      if (target->front() == '/') return Unexpected(Errno::kNotcapable);
      pushComponents(*target, queue, true);
      continue;
    }
    if (last) return walker.finish(part);
    if (!S_ISDIR(st->st_mode)) return Unexpected(Errno::kNotdir);
    Errno e = walker.enter(part);
    if (e != Errno::kSuccess) return Unexpected(e);
  }
  return walker.finish(".");
}

}  // namespace lichen::wasi
