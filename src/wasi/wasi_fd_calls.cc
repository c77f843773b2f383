// fd_*: operations on open descriptors.
#include <fcntl.h>

#include <algorithm>

#include "wasi/errno_map.h"
#include "wasi/wasi_calls.h"

namespace lichen::wasi {
namespace {

uint64_t toNanos(const timespec& ts) {
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

timespec fromNanos(uint64_t ns) {
  return timespec{static_cast<time_t>(ns / 1'000'000'000ull),
                  static_cast<long>(ns % 1'000'000'000ull)};
}

}  // namespace

Errno storeFilestat(const GuestMemory& mem, uint32_t out, const struct stat& st) {
  if (!mem.at(out, kFilestatSize)) return Errno::kFault;
  mem.store<uint64_t>(out, static_cast<uint64_t>(st.st_dev));
  mem.store<uint64_t>(out + 8, static_cast<uint64_t>(st.st_ino));
  mem.store<uint64_t>(out + 16, 0);  // filetype byte plus padding
  mem.store<uint8_t>(out + 16, static_cast<uint8_t>(filetypeFromMode(st.st_mode)));
  mem.store<uint64_t>(out + 24, static_cast<uint64_t>(st.st_nlink));
  mem.store<uint64_t>(out + 32, static_cast<uint64_t>(st.st_size));
  mem.store<uint64_t>(out + 40, toNanos(st.st_atim));
  mem.store<uint64_t>(out + 48, toNanos(st.st_mtim));
  mem.store<uint64_t>(out + 56, toNanos(st.st_ctim));
  return Errno::kSuccess;
}

Errno timesFromFlags(uint64_t atim, uint64_t mtim, uint32_t fst, timespec times[2]) {
  if ((fst & kFstflagAtim) && (fst & kFstflagAtimNow)) return Errno::kInval;
  if ((fst & kFstflagMtim) && (fst & kFstflagMtimNow)) return Errno::kInval;
  if (fst & ~uint32_t{kFstflagAtim | kFstflagAtimNow | kFstflagMtim | kFstflagMtimNow}) {
    return Errno::kInval;
  }
  times[0] = (fst & kFstflagAtim)      ? fromNanos(atim)
             : (fst & kFstflagAtimNow) ? timespec{0, UTIME_NOW}
                                       : timespec{0, UTIME_OMIT};
  times[1] = (fst & kFstflagMtim)      ? fromNanos(mtim)
             : (fst & kFstflagMtimNow) ? timespec{0, UTIME_NOW}
                                       : timespec{0, UTIME_OMIT};
  return Errno::kSuccess;
}

Errno fdAdvise(Call& c, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice) {
  static constexpr int kAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                    POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
  FdEntry* e = nullptr;
  LICHEN_WASI_TRY(c.ctx.fds().lookup(fd, rights::kFdAdvise, e));
  if (advice >= std::size(kAdvice)) return Errno::kInval;
  if (e->type == Filetype::kDirectory) return Errno::kBadf;
  return fromOs(c.ctx.os().fadvise(e->host_fd, offset, len, kAdvice[advice]));
}

Errno fdAllocate(Call& c, uint32_t fd, uint64_t offset, uint64_t len) {
  FdEntry* e = nullptr;
  LICHEN_WASI_TRY(c.ctx.fds().lookup(fd, rights::kFdAllocate, e));
  if (len == 0) return Errno::kInval;
  return fromOs(c.ctx.os().fallocate(e->host_fd, offset, len));
}

Errno fdClose(Call& c, uint32_t fd) { return c.ctx.fds().close(fd); }

Errno fdDatasync(Call& c, uint32_t fd) {
  FdEntry* e = nullptr;
  LICHEN_WASI_TRY(c.ctx.fds().lookup(fd, rights::kFdDatasync, e));
  return fromOs(c.ctx.os().fdatasync(e->host_fd));
}

Errno fdSync(Call& c, uint32_t fd) {
  FdEntry* e = nullptr;
  LICHEN_WASI_TRY(c.ctx.fds().lookup(fd, rights::kFdSync, e));
  return fromOs(c.ctx.os().fsync(e->host_fd));
}

Errno fdFdstatGet(Call& c, uint32_t fd, uint32_t out) {
  FdEntry* e = nullptr;
  LICHEN_WASI_TRY(c.ctx.fds().lookup(fd, 0, e));
  if (!c.mem.at(out, kFdstatSize)) return Errno::kFault;
  auto flags = c.ctx.os().getFlags(e->host_fd);
  if (!flags) return errnoFromHost(flags.error());
  uint16_t fdflags = 0;
  if (*flags & O_APPEND) fdflags |= kFdflagAppend;
  if (*flags & O_NONBLOCK) fdflags |= kFdflagNonblock;
  if ((*flags & O_SYNC) == O_SYNC) {
    fdflags |= kFdflagSync | kFdflagRsync;
  } else if (*flags & O_DSYNC) {
    fdflags |= kFdflagDsync;
  }
  c.mem.store<uint64_t>(out, 0);
  c.mem.store<uint8_t>(out, static_cast<uint8_t>(e->type));
  c.mem.store<uint16_t>(out + 2, fdflags);
  c.mem.store<uint64_t>(out + 8, e->rights_base);
  c.mem.store<uint64_t>(out + 16, e->rights_inheriting);
  return Errno::kSuccess;
}

Errno fdFdstatSetFlags(Call& c, uint32_t fd, uint32_t flags) {
  FdEntry* e = nullptr;
  LICHEN_WASI_TRY(c.ctx.fds().lookup(fd, rights::kFdFdstatSetFlags, e));
  if (flags &
      ~uint32_t{kFdflagAppend | kFdflagNonblock | kFdflagDsync | kFdflagRsync | kFdflagSync}) {
    return Errno::kInval;
  }
  // Linux cannot change the sync flags of an open file.
  if (flags & (kFdflagDsync | kFdflagRsync | kFdflagSync)) return Errno::kNotsup;
  auto current = c.ctx.os().getFlags(e->host_fd);
  if (!current) return errnoFromHost(current.error());
  int host = *current & ~(O_APPEND | O_NONBLOCK);
  if (flags & kFdflagAppend) host |= O_APPEND;
  if (flags & kFdflagNonblock) host |= O_NONBLOCK;
  return fromOs(c.ctx.os().setFlags(e->host_fd, host));
}

Errno fdFdstatSetRights(Call& c, uint32_t fd, uint64_t base, uint64_t inheriting) {
  FdEntry* e = nullptr;
  LICHEN_WASI_TRY(c.ctx.fds().lookup(fd, 0, e));
  // Rights only ever shrink.
  if ((base & ~e->rights_base) || (inheriting & ~e->rights_inheriting)) {
    return Errno::kNotcapable;
  }
  e->rights_base = base;
  e->rights_inheriting = inheriting;
  return Errno::kSuccess;
}

Errno fdFilestatGet(Call& c, uint32_t fd, uint32_t out) {
  FdEntry* e = nullptr;
  LICHEN_WASI_TRY(c.ctx.fds().lookup(fd, rights::kFdFilestatGet, e));
  auto st = c.ctx.os().fstat(e->host_fd);
  if (!st) return errnoFromHost(st.error());
  return storeFilestat(c.mem, out, *st);
}

Errno fdFilestatSetSize(Call& c, uint32_t fd, uint64_t size) {
  FdEntry* e = nullptr;
  LICHEN_WASI_TRY(c.ctx.fds().lookup(fd, rights::kFdFilestatSetSize, e));
  if (size > static_cast<uint64_t>(INT64_MAX)) return Errno::kInval;
  return fromOs(c.ctx.os().ftruncate(e->host_fd, size));
}

Errno fdFilestatSetTimes(Call& c, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst) {
  FdEntry* e = nullptr;
  LICHEN_WASI_TRY(c.ctx.fds().lookup(fd, rights::kFdFilestatSetTimes, e));
  timespec times[2];
  LICHEN_WASI_TRY(timesFromFlags(atim, mtim, fst, times));
  return fromOs(c.ctx.os().futimens(e->host_fd, times));
}

namespace {

// Shared body of fd_read/fd_write/fd_pread/fd_pwrite.
template <typename Op>
Errno transfer(Call& c, uint32_t fd, uint64_t needed, uint32_t iovs, uint32_t iovs_len,
               uint32_t count_out, Op op) {
  FdEntry* e = nullptr;
  LICHEN_WASI_TRY(c.ctx.fds().lookup(fd, needed, e));
  if (e->type == Filetype::kDirectory) return Errno::kIsdir;
  std::vector<iovec> iov;
  LICHEN_WASI_TRY(c.mem.loadIovecs(iovs, iovs_len, iov));
  if (!c.mem.at(count_out, 4)) return Errno::kFault;
  OsResult<size_t> n = op(e->host_fd, std::span<const iovec>(iov));
  if (!n) return errnoFromHost(n.error());
  return c.mem.store<uint32_t>(count_out, static_cast<uint32_t>(*n));
}

}  // namespace

Errno fdPread(Call& c, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
              uint32_t nread_out) {
  if (offset > static_cast<uint64_t>(INT64_MAX)) return Errno::kInval;
  return transfer(c, fd, rights::kFdRead | rights::kFdSeek, iovs, iovs_len, nread_out,
                  [&](int h, std::span<const iovec> v) { return c.ctx.os().preadv(h, v, offset); });
}

Errno fdPwrite(Call& c, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
               uint32_t nwritten_out) {
  if (offset > static_cast<uint64_t>(INT64_MAX)) return Errno::kInval;
  return transfer(
      c, fd, rights::kFdWrite | rights::kFdSeek, iovs, iovs_len, nwritten_out,
      [&](int h, std::span<const iovec> v) { return c.ctx.os().pwritev(h, v, offset); });
}

namespace {

// A pipe, FIFO or terminal may block for ever: while a deadline watches, wait for it in slices
// so --timeout can end the guest. False when the deadline passed (EINTR, then a trap).
bool waitReady(Call& c, uint32_t fd, int host_fd, short events) {
  FdEntry* e = c.ctx.fds().get(fd);
  if (!c.interrupt || e->type == Filetype::kRegularFile) return true;
  pollfd p{host_fd, events, 0};
  for (;;) {
    if (c.interrupt->load()) return false;
    auto ready = c.ctx.os().poll(std::span<pollfd>(&p, 1), 20'000'000);
    if (!ready || *ready > 0) return true;  // errors: let the transfer report them
  }
}

}  // namespace

Errno fdRead(Call& c, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nread_out) {
  return transfer(c, fd, rights::kFdRead, iovs, iovs_len, nread_out,
                  [&](int h, std::span<const iovec> v) -> OsResult<size_t> {
                    // A pipe or terminal may block for ever: while a deadline watches, wait
                    // for input in slices so --timeout can end the guest (EINTR, then a trap).
                    if (!waitReady(c, fd, h, POLLIN)) return Unexpected(EINTR);
                    return c.ctx.os().readv(h, v);
                  });
}

Errno fdWrite(Call& c, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nwritten_out) {
  return transfer(c, fd, rights::kFdWrite, iovs, iovs_len, nwritten_out,
                  [&](int h, std::span<const iovec> v) -> OsResult<size_t> {
                    if (!waitReady(c, fd, h, POLLOUT)) return Unexpected(EINTR);
                    return c.ctx.os().writev(h, v);
                  });
}

Errno fdPrestatGet(Call& c, uint32_t fd, uint32_t out) {
  FdEntry* e = c.ctx.fds().get(fd);
  if (!e || !e->preopen_name) return Errno::kBadf;
  if (!c.mem.at(out, 8)) return Errno::kFault;
  c.mem.store<uint32_t>(out, kPreopentypeDir);  // tag byte plus padding
  c.mem.store<uint32_t>(out + 4, static_cast<uint32_t>(e->preopen_name->size()));
  return Errno::kSuccess;
}

Errno fdPrestatDirName(Call& c, uint32_t fd, uint32_t path, uint32_t path_len) {
  FdEntry* e = c.ctx.fds().get(fd);
  if (!e || !e->preopen_name) return Errno::kBadf;
  const std::string& name = *e->preopen_name;
  if (path_len < name.size()) return Errno::kNametoolong;
  return c.mem.storeBytes(path, name.data(), name.size());
}

Errno fdReaddir(Call& c, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie,
                uint32_t bufused_out) {
  FdEntry* e = nullptr;
  LICHEN_WASI_TRY(c.ctx.fds().lookup(fd, rights::kFdReaddir, e));
  if (e->type != Filetype::kDirectory) return Errno::kNotdir;
  if (!c.mem.at(buf, buf_len) || !c.mem.at(bufused_out, 4)) return Errno::kFault;
  // Cookie n means "from the n-th entry"; a listing is snapshotted when a walk starts at 0.
  if (cookie == 0 || e->dir_cache.empty()) {
    auto entries = c.ctx.os().readDir(e->host_fd);
    if (!entries) return errnoFromHost(entries.error());
    e->dir_cache = std::move(*entries);
  }
  uint32_t used = 0;
  for (uint64_t i = cookie; i < e->dir_cache.size() && used < buf_len; ++i) {
    const HostDirEntry& ent = e->dir_cache[i];
    Filetype type = filetypeFromDirentType(ent.type);
    if (type == Filetype::kUnknown) {
      auto st = c.ctx.os().fstatAt(e->host_fd, ent.name, false);
      if (st) type = filetypeFromMode(st->st_mode);
    }
    uint8_t header[kDirentSize] = {};
    const uint64_t next = i + 1;
    const uint32_t namlen = static_cast<uint32_t>(ent.name.size());
    std::memcpy(header, &next, 8);
    std::memcpy(header + 8, &ent.ino, 8);
    std::memcpy(header + 16, &namlen, 4);
    header[20] = static_cast<uint8_t>(type);
    // The last entry may be cut short: the guest sees bufused == buf_len and asks again.
    uint32_t n = std::min(kDirentSize, buf_len - used);
    c.mem.storeBytes(buf + used, header, n);
    used += n;
    n = std::min(namlen, buf_len - used);
    c.mem.storeBytes(buf + used, ent.name.data(), n);
    used += n;
  }
  return c.mem.store<uint32_t>(bufused_out, used);
}

Errno fdRenumber(Call& c, uint32_t fd, uint32_t to) { return c.ctx.fds().renumber(fd, to); }

Errno fdSeek(Call& c, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newoffset_out) {
  const uint64_t needed = (offset == 0 && whence == kWhenceCur) ? rights::kFdTell : rights::kFdSeek;
  FdEntry* e = nullptr;
  LICHEN_WASI_TRY(c.ctx.fds().lookup(fd, needed, e));
  int host_whence = whence == kWhenceSet   ? SEEK_SET
                    : whence == kWhenceCur ? SEEK_CUR
                    : whence == kWhenceEnd ? SEEK_END
                                           : -1;
  if (host_whence < 0) return Errno::kInval;
  if (!c.mem.at(newoffset_out, 8)) return Errno::kFault;
  auto pos = c.ctx.os().seek(e->host_fd, static_cast<int64_t>(offset), host_whence);
  if (!pos) return errnoFromHost(pos.error());
  return c.mem.store<uint64_t>(newoffset_out, *pos);
}

Errno fdTell(Call& c, uint32_t fd, uint32_t offset_out) {
  FdEntry* e = nullptr;
  LICHEN_WASI_TRY(c.ctx.fds().lookup(fd, rights::kFdTell, e));
  if (!c.mem.at(offset_out, 8)) return Errno::kFault;
  auto pos = c.ctx.os().seek(e->host_fd, 0, SEEK_CUR);
  if (!pos) return errnoFromHost(pos.error());
  return c.mem.store<uint64_t>(offset_out, *pos);
}

}  // namespace lichen::wasi
