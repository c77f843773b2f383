#include "wasm/engine/engine.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "wasm/binary/decoder.h"

namespace lichen::wasm {

Result<std::vector<uint8_t>> readFileBytes(const std::string& path) {
  // POSIX calls rather than iostreams, which throw when asked to read a directory.
  auto fail = [&path](const char* what) {
    return Unexpected(Error{Phase::kIo, 0, path + ": " + what});
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail("not a regular file");
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return fail(n < 0 ? std::strerror(errno) : "file shrank while being read");
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return bytes;
}

Result<std::shared_ptr<const CompiledModule>> Engine::load(std::span<const uint8_t> bytes) {
  LICHEN_ASSIGN_OR_RETURN(Module m, decodeModule(bytes));
  return interpreter_.compile(std::move(m));
}

Result<std::shared_ptr<const CompiledModule>> Engine::loadFile(const std::string& path) {
  LICHEN_ASSIGN_OR_RETURN(auto bytes, readFileBytes(path));
  return load(bytes);
}

}  // namespace lichen::wasm
