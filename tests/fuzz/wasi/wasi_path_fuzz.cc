// Fuzz target: guest paths against the WASI path resolver. Whatever the bytes, resolution
// must never name a directory or file outside the pre-opened directory ("box"), and must not
// crash or leak descriptors. The first byte chooses symlink_follow; the rest is the path.
// Built as a libFuzzer target with clang (-DLICHEN_FUZZ=ON) and, under any compiler, linked with
// replay_main.cc so ctest runs the corpus.
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "wasi/path_resolver.h"
#include "wasi/posix_os.h"

namespace {

namespace fs = std::filesystem;

// box/ holds files, directories and symlinks leading inside and outside; outside/ is a sibling.
struct Sandbox {
  Sandbox() {
    std::string pattern = (fs::temp_directory_path() / "lichen-fuzz-XXXXXX").string();
    root = mkdtemp(pattern.data());
    fs::create_directories(root / "outside/inner");
    fs::create_directories(root / "box/a/b/c");
    std::FILE* f = std::fopen((root / "box/a/file").c_str(), "w");
    if (f) std::fclose(f);
    fs::create_symlink("b/c", root / "box/a/down");
    fs::create_symlink("../..", root / "box/a/b/up2");
    fs::create_symlink("../../../outside", root / "box/a/b/out");
    fs::create_symlink("/", root / "box/slash");
    fs::create_symlink((root / "outside").string(), root / "box/abs_out");
    fs::create_symlink("a/down/../../a", root / "box/maze");
    fs::create_symlink("self", root / "box/self");
    box = fs::canonical(root / "box").string();
    box_fd = ::open(box.c_str(), O_RDONLY | O_DIRECTORY);
  }
  ~Sandbox() {
    ::close(box_fd);
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  fs::path root;
  std::string box;
  int box_fd = -1;
};

bool inside(const std::string& box, int fd) {
  std::error_code ec;
  std::string real = fs::read_symlink("/proc/self/fd/" + std::to_string(fd), ec).string();
  return !ec && (real == box || real.rfind(box + "/", 0) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Sandbox* sandbox = new Sandbox();
  static lichen::wasi::PosixOs os;
  if (size == 0) return 0;
  const bool follow = data[0] & 1;
  const std::string path(reinterpret_cast<const char*>(data + 1), size - 1);
  auto resolved = lichen::wasi::resolvePath(os, sandbox->box_fd, path, follow);
  if (!resolved) return 0;
  if (!inside(sandbox->box, resolved->dirFd())) {
    std::fprintf(stderr, "escape: '%s' resolved to a directory outside the box\n", path.c_str());
    std::abort();
  }
  int fd = ::openat(resolved->dirFd(), resolved->name().c_str(), O_PATH | O_NOFOLLOW);
  if (fd >= 0) {
    const bool ok = inside(sandbox->box, fd);
    ::close(fd);
    if (!ok) {
      std::fprintf(stderr, "escape: '%s' names something outside the box\n", path.c_str());
      std::abort();
    }
  }
  return 0;
}
