#include "wasi/wasi_ctx.h"

#include <fcntl.h>

#include <cstring>

#include "wasi/errno_map.h"

namespace lichen::wasi {
namespace {

FdEntry stdioEntry(WasiOs& os, int host_fd, uint64_t rights) {
  FdEntry entry;
  entry.host_fd = host_fd;
  entry.owns_host_fd = false;
  auto st = os.fstat(host_fd);
  entry.type = st ? filetypeFromMode(st->st_mode) : Filetype::kUnknown;
  entry.rights_base = rights;
  // wasi-libc's isatty() is "a character device without seek rights": keep it true for ttys.
  if (entry.type == Filetype::kCharacterDevice) {
    entry.rights_base &= ~(rights::kFdSeek | rights::kFdTell);
  }
  return entry;
}

}  // namespace

Expected<std::unique_ptr<WasiCtx>, std::string> WasiCtx::create(WasiConfig config,
                                                                std::shared_ptr<WasiOs> os) {
  std::unique_ptr<WasiCtx> ctx(new WasiCtx(std::move(config), std::move(os)));
  WasiOs& host = *ctx->os_;
  constexpr uint64_t kStdioRights = rights::kRegularFile & ~rights::kFdAllocate;
  ctx->fds_.insertAt(0, stdioEntry(host, ctx->config_.stdin_fd, kStdioRights & ~rights::kFdWrite));
  ctx->fds_.insertAt(1, stdioEntry(host, ctx->config_.stdout_fd, kStdioRights & ~rights::kFdRead));
  ctx->fds_.insertAt(2, stdioEntry(host, ctx->config_.stderr_fd, kStdioRights & ~rights::kFdRead));
  for (const Preopen& preopen : ctx->config_.preopens) {
    auto fd = host.openAt(AT_FDCWD, preopen.host_path, O_RDONLY | O_DIRECTORY, 0);
    if (!fd) {
      return Unexpected("cannot pre-open directory '" + preopen.host_path +
                        "': " + std::strerror(fd.error()));
    }
    FdEntry entry;
    entry.host_fd = *fd;
    entry.type = Filetype::kDirectory;
    const uint64_t withheld = preopen.read_only ? rights::kMutating : 0;
    entry.rights_base = rights::kDirectory & ~withheld;
    entry.rights_inheriting = rights::kAll & ~withheld;
    entry.preopen_name = preopen.guest_path;
    ctx->fds_.insert(std::move(entry));
  }
  return ctx;
}

}  // namespace lichen::wasi
