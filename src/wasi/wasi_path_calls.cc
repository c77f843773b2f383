// path_*: operations on names inside a directory fd, resolved by path_resolver (never outside).
#include <fcntl.h>

#include <algorithm>

#include "wasi/path_resolver.h"
#include "wasi/wasi_calls.h"

namespace lichen::wasi {
namespace {

// Looks up a directory fd holding `needed`, reads the guest path and resolves it.
Errno resolveAt(Call& c, uint32_t fd, uint64_t needed, uint32_t path, uint32_t path_len,
                bool follow, ResolvedPath& out, FdEntry** entry = nullptr) {
  FdEntry* dir = nullptr;
  LICHEN_WASI_TRY(c.ctx.fds().lookup(fd, needed, dir));
  std::string text;
  LICHEN_WASI_TRY(c.mem.loadString(path, path_len, text));
  if (dir->type != Filetype::kDirectory) return Errno::kNotdir;
  auto resolved = resolvePath(c.ctx.os(), dir->host_fd, text, follow);
  if (!resolved) return resolved.error();
  out = std::move(*resolved);
  if (entry) *entry = dir;
  return Errno::kSuccess;
}

// A name that had a trailing slash must be a directory if it exists. The resolver checked that,
// but the entry may have changed since: the calls below never follow the final name, so a swap
// cannot lead out, and this check gives the POSIX answer for what is there now.
Errno requireDirIfSlashed(Call& c, const ResolvedPath& p) {
  if (!p.mustBeDir()) return Errno::kSuccess;
  auto st = c.ctx.os().fstatAt(p.dirFd(), p.name(), false);
  if (!st) return st.error() == ENOENT ? Errno::kSuccess : errnoFromHost(st.error());
  return S_ISDIR(st->st_mode) ? Errno::kSuccess : Errno::kNotdir;
}

// openat that a deadline can end. Opening a FIFO blocks until the other end opens it, so while
// an interrupt flag watches, FIFOs open non-blocking: a reader gets its fd at once (fd_read then
// waits in slices), a writer retries in slices until a reader comes or the deadline passes.
OsResult<int> openWatched(Call& c, const ResolvedPath& p, int flags, bool nonblock_asked) {
  WasiOs& os = c.ctx.os();
  if (!c.interrupt || (flags & O_DIRECTORY)) return os.openAt(p.dirFd(), p.name(), flags, 0666);
  for (;;) {
    auto fd = os.openAt(p.dirFd(), p.name(), flags | O_NONBLOCK, 0666);
    if (fd) {
      if (!nonblock_asked) {
        auto now = os.getFlags(*fd);
        if (now) (void)os.setFlags(*fd, *now & ~O_NONBLOCK);
      }
      return fd;
    }
    if (fd.error() != ENXIO) return fd;  // ENXIO: a FIFO opened for writing has no reader yet
    if (c.interrupt->load()) return Unexpected(EINTR);
    pollfd none{-1, 0, 0};
    (void)os.poll(std::span<pollfd>(&none, 1), 20'000'000);
  }
}

}  // namespace

Errno pathCreateDirectory(Call& c, uint32_t fd, uint32_t path, uint32_t path_len) {
  ResolvedPath p;
  LICHEN_WASI_TRY(resolveAt(c, fd, rights::kPathCreateDirectory, path, path_len, false, p));
  return fromOs(c.ctx.os().mkdirAt(p.dirFd(), p.name()));
}

Errno pathFilestatGet(Call& c, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                      uint32_t out) {
  ResolvedPath p;
  LICHEN_WASI_TRY(
      resolveAt(c, fd, rights::kPathFilestatGet, path, path_len, flags & kLookupSymlinkFollow, p));
  if (!c.mem.at(out, kFilestatSize)) return Errno::kFault;
  auto st = c.ctx.os().fstatAt(p.dirFd(), p.name(), false);
  if (!st) return errnoFromHost(st.error());
  if (p.mustBeDir() && !S_ISDIR(st->st_mode)) return Errno::kNotdir;
  return storeFilestat(c.mem, out, *st);
}

Errno pathFilestatSetTimes(Call& c, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                           uint64_t atim, uint64_t mtim, uint32_t fst) {
  timespec times[2];
  LICHEN_WASI_TRY(timesFromFlags(atim, mtim, fst, times));
  ResolvedPath p;
  LICHEN_WASI_TRY(resolveAt(c, fd, rights::kPathFilestatSetTimes, path, path_len,
                            flags & kLookupSymlinkFollow, p));
  LICHEN_WASI_TRY(requireDirIfSlashed(c, p));
  return fromOs(c.ctx.os().utimensAt(p.dirFd(), p.name(), times));
}

Errno pathLink(Call& c, uint32_t old_fd, uint32_t old_flags, uint32_t old_path, uint32_t old_len,
               uint32_t new_fd, uint32_t new_path, uint32_t new_len) {
  ResolvedPath from;
  LICHEN_WASI_TRY(resolveAt(c, old_fd, rights::kPathLinkSource, old_path, old_len,
                            old_flags & kLookupSymlinkFollow, from));
  ResolvedPath to;
  LICHEN_WASI_TRY(resolveAt(c, new_fd, rights::kPathLinkTarget, new_path, new_len, false, to));
  // Directories cannot be hard-linked, so a slashed name on either side cannot succeed.
  if (from.mustBeDir() || to.mustBeDir()) {
    LICHEN_WASI_TRY(requireDirIfSlashed(c, from));
    return to.mustBeDir() ? Errno::kNoent : Errno::kPerm;
  }
  return fromOs(c.ctx.os().linkAt(from.dirFd(), from.name(), to.dirFd(), to.name()));
}

Errno pathOpen(Call& c, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t path_len,
               uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags,
               uint32_t fd_out) {
  uint64_t needed = rights::kPathOpen;
  if (oflags & kOflagCreat) needed |= rights::kPathCreateFile;
  if (oflags & kOflagTrunc) needed |= rights::kPathFilestatSetSize;
  // SYNC/DSYNC/RSYNC need no right of the directory (Rust's std asks for them on plain files;
  // wasmtime opens them): they only change how the new fd writes.
  ResolvedPath p;
  FdEntry* dir = nullptr;
  LICHEN_WASI_TRY(
      resolveAt(c, fd, needed, path, path_len, dirflags & kLookupSymlinkFollow, p, &dir));
  if (!c.mem.at(fd_out, 4)) return Errno::kFault;
  // A new fd gets at most what its directory may hand on (asking for more is not an error:
  // programs ask for everything and take what they get, as wasi-libc and Rust's std do).
  const uint64_t base = rights_base & dir->rights_inheriting;
  const uint64_t inheriting = rights_inheriting & dir->rights_inheriting;

  int flags = O_NOFOLLOW;
  const bool write = base & (rights::kFdWrite | rights::kFdDatasync | rights::kFdAllocate |
                             rights::kFdFilestatSetSize);
  const bool read = base & (rights::kFdRead | rights::kFdReaddir);
  const bool directory = (oflags & kOflagDirectory) || p.mustBeDir();
  if (directory && (oflags & kOflagCreat)) return Errno::kIsdir;  // open("new/", O_CREAT)
  if (directory) {
    flags |= O_DIRECTORY | O_RDONLY;
  } else if (write) {
    flags |= read ? O_RDWR : O_WRONLY;
  } else {
    flags |= O_RDONLY;
  }
  if (oflags & kOflagCreat) flags |= O_CREAT;
  if (oflags & kOflagExcl) flags |= O_EXCL;
  if (oflags & kOflagTrunc) flags |= O_TRUNC;
  if (fdflags & kFdflagAppend) flags |= O_APPEND;
  if (fdflags & kFdflagNonblock) flags |= O_NONBLOCK;
  if (fdflags & kFdflagDsync) flags |= O_DSYNC;
  if (fdflags & (kFdflagRsync | kFdflagSync)) flags |= O_SYNC;

  WasiOs& os = c.ctx.os();
  auto host_fd = openWatched(c, p, flags, fdflags & kFdflagNonblock);
  if (!host_fd) return errnoFromHost(host_fd.error());
  auto st = os.fstat(*host_fd);
  if (!st) {
    (void)os.close(*host_fd);
    return errnoFromHost(st.error());
  }
  if (directory && write) {
    // A directory is never opened for writing (wasmtime answers EISDIR too); a file asked for
    // with O_DIRECTORY got ENOTDIR from the open above.
    (void)os.close(*host_fd);
    return Errno::kIsdir;
  }
  FdEntry entry;
  entry.host_fd = *host_fd;
  entry.type = filetypeFromMode(st->st_mode);
  entry.rights_base =
      base & (entry.type == Filetype::kDirectory ? rights::kDirectory : rights::kRegularFile);
  entry.rights_inheriting = inheriting;
  return c.mem.store<uint32_t>(fd_out, c.ctx.fds().insert(std::move(entry)));
}

Errno pathReadlink(Call& c, uint32_t fd, uint32_t path, uint32_t path_len, uint32_t buf,
                   uint32_t buf_len, uint32_t bufused_out) {
  ResolvedPath p;
  LICHEN_WASI_TRY(resolveAt(c, fd, rights::kPathReadlink, path, path_len, false, p));
  LICHEN_WASI_TRY(requireDirIfSlashed(c, p));
  if (!c.mem.at(buf, buf_len) || !c.mem.at(bufused_out, 4)) return Errno::kFault;
  auto target = c.ctx.os().readlinkAt(p.dirFd(), p.name());
  if (!target) return errnoFromHost(target.error());
  const uint32_t n = static_cast<uint32_t>(std::min<size_t>(target->size(), buf_len));
  c.mem.storeBytes(buf, target->data(), n);
  return c.mem.store<uint32_t>(bufused_out, n);
}

Errno pathRemoveDirectory(Call& c, uint32_t fd, uint32_t path, uint32_t path_len) {
  ResolvedPath p;
  LICHEN_WASI_TRY(resolveAt(c, fd, rights::kPathRemoveDirectory, path, path_len, false, p));
  return fromOs(c.ctx.os().unlinkAt(p.dirFd(), p.name(), true));
}

Errno pathRename(Call& c, uint32_t fd, uint32_t old_path, uint32_t old_len, uint32_t new_fd,
                 uint32_t new_path, uint32_t new_len) {
  ResolvedPath from;
  LICHEN_WASI_TRY(resolveAt(c, fd, rights::kPathRenameSource, old_path, old_len, false, from));
  ResolvedPath to;
  LICHEN_WASI_TRY(resolveAt(c, new_fd, rights::kPathRenameTarget, new_path, new_len, false, to));
  if (from.mustBeDir() || to.mustBeDir()) {
    // "a/" or "b/" on either side: only a directory may move (rename("file", "x/") is ENOTDIR).
    auto st = c.ctx.os().fstatAt(from.dirFd(), from.name(), false);
    if (!st) return errnoFromHost(st.error());
    if (!S_ISDIR(st->st_mode)) return Errno::kNotdir;
  }
  return fromOs(c.ctx.os().renameAt(from.dirFd(), from.name(), to.dirFd(), to.name()));
}

Errno pathSymlink(Call& c, uint32_t old_path, uint32_t old_len, uint32_t fd, uint32_t new_path,
                  uint32_t new_len) {
  // A relative target is stored as given: the resolver refuses to follow it out of a pre-open
  // later. An absolute one could never resolve inside, so it is refused now (EPERM, as Node).
  std::string target;
  LICHEN_WASI_TRY(c.mem.loadString(old_path, old_len, target));
  if (!target.empty() && target.front() == '/') return Errno::kPerm;
  ResolvedPath p;
  LICHEN_WASI_TRY(resolveAt(c, fd, rights::kPathSymlink, new_path, new_len, false, p));
  if (p.mustBeDir()) return Errno::kNoent;  // a symlink is not a directory: "link/" as Linux
  return fromOs(c.ctx.os().symlinkAt(target, p.dirFd(), p.name()));
}

Errno pathUnlinkFile(Call& c, uint32_t fd, uint32_t path, uint32_t path_len) {
  ResolvedPath p;
  LICHEN_WASI_TRY(resolveAt(c, fd, rights::kPathUnlinkFile, path, path_len, false, p));
  LICHEN_WASI_TRY(requireDirIfSlashed(c, p));
  return fromOs(c.ctx.os().unlinkAt(p.dirFd(), p.name(), false));
}

}  // namespace lichen::wasi
