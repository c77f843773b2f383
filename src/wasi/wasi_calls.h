// The wasi_snapshot_preview1 functions, one C++ function each, with the core-wasm signature:
// i32 parameters as uint32_t, i64 as uint64_t, guest pointers as uint32_t offsets.
// Each returns the WASI errno; results go through the guest pointers (bounds-checked).
// proc_exit is not here: it ends the program with a trap (see wasi_imports.cc).
#pragma once

#include <atomic>
#include <cstdint>

#include "wasi/errno_map.h"
#include "wasi/guest_memory.h"
#include "wasi/wasi_ctx.h"

// Returns a non-success Errno from the enclosing function.
#define LICHEN_WASI_TRY(expr)                                                   \
  do {                                                                          \
    ::lichen::wasi::Errno lichen_wasi_e = (expr);                               \
    if (lichen_wasi_e != ::lichen::wasi::Errno::kSuccess) return lichen_wasi_e; \
  } while (0)

namespace lichen::wasi {

inline Errno fromOs(const OsResult<void>& r) {
  return r ? Errno::kSuccess : errnoFromHost(r.error());
}

struct Call {
  WasiCtx& ctx;
  GuestMemory mem;
  // The store's interrupt flag (--timeout), if any: long waits in poll_oneoff end early once it
  // is set, and the call then ends the guest with an kInterrupted trap (wasi_imports.cc).
  const std::atomic<bool>* interrupt = nullptr;
};

// args, environ, clocks, randomness, scheduling, polling, signals, sockets.
Errno argsGet(Call& c, uint32_t argv, uint32_t argv_buf);
Errno argsSizesGet(Call& c, uint32_t argc_out, uint32_t buf_size_out);
Errno environGet(Call& c, uint32_t environ, uint32_t environ_buf);
Errno environSizesGet(Call& c, uint32_t count_out, uint32_t buf_size_out);
Errno clockResGet(Call& c, uint32_t id, uint32_t res_out);
Errno clockTimeGet(Call& c, uint32_t id, uint64_t precision, uint32_t time_out);
Errno randomGet(Call& c, uint32_t buf, uint32_t len);
Errno schedYield(Call& c);
Errno pollOneoff(Call& c, uint32_t in, uint32_t out, uint32_t nsubs, uint32_t nevents_out);
Errno procRaise(Call& c, uint32_t sig);
Errno sockAccept(Call& c, uint32_t fd, uint32_t flags, uint32_t fd_out);
Errno sockRecv(Call& c, uint32_t fd, uint32_t ri_data, uint32_t ri_len, uint32_t ri_flags,
               uint32_t nread_out, uint32_t roflags_out);
Errno sockSend(Call& c, uint32_t fd, uint32_t si_data, uint32_t si_len, uint32_t si_flags,
               uint32_t nwritten_out);
Errno sockShutdown(Call& c, uint32_t fd, uint32_t how);

// fd_*
Errno fdAdvise(Call& c, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice);
Errno fdAllocate(Call& c, uint32_t fd, uint64_t offset, uint64_t len);
Errno fdClose(Call& c, uint32_t fd);
Errno fdDatasync(Call& c, uint32_t fd);
Errno fdSync(Call& c, uint32_t fd);
Errno fdFdstatGet(Call& c, uint32_t fd, uint32_t out);
Errno fdFdstatSetFlags(Call& c, uint32_t fd, uint32_t flags);
Errno fdFdstatSetRights(Call& c, uint32_t fd, uint64_t base, uint64_t inheriting);
Errno fdFilestatGet(Call& c, uint32_t fd, uint32_t out);
Errno fdFilestatSetSize(Call& c, uint32_t fd, uint64_t size);
Errno fdFilestatSetTimes(Call& c, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst);
Errno fdPread(Call& c, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
              uint32_t nread_out);
Errno fdPwrite(Call& c, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
               uint32_t nwritten_out);
Errno fdRead(Call& c, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nread_out);
Errno fdWrite(Call& c, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nwritten_out);
Errno fdPrestatGet(Call& c, uint32_t fd, uint32_t out);
Errno fdPrestatDirName(Call& c, uint32_t fd, uint32_t path, uint32_t path_len);
Errno fdReaddir(Call& c, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie,
                uint32_t bufused_out);
Errno fdRenumber(Call& c, uint32_t fd, uint32_t to);
Errno fdSeek(Call& c, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newoffset_out);
Errno fdTell(Call& c, uint32_t fd, uint32_t offset_out);

// path_*
Errno pathCreateDirectory(Call& c, uint32_t fd, uint32_t path, uint32_t path_len);
Errno pathFilestatGet(Call& c, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                      uint32_t out);
Errno pathFilestatSetTimes(Call& c, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                           uint64_t atim, uint64_t mtim, uint32_t fst);
Errno pathLink(Call& c, uint32_t old_fd, uint32_t old_flags, uint32_t old_path, uint32_t old_len,
               uint32_t new_fd, uint32_t new_path, uint32_t new_len);
Errno pathOpen(Call& c, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t path_len,
               uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags,
               uint32_t fd_out);
Errno pathReadlink(Call& c, uint32_t fd, uint32_t path, uint32_t path_len, uint32_t buf,
                   uint32_t buf_len, uint32_t bufused_out);
Errno pathRemoveDirectory(Call& c, uint32_t fd, uint32_t path, uint32_t path_len);
Errno pathRename(Call& c, uint32_t fd, uint32_t old_path, uint32_t old_len, uint32_t new_fd,
                 uint32_t new_path, uint32_t new_len);
Errno pathSymlink(Call& c, uint32_t old_path, uint32_t old_len, uint32_t fd, uint32_t new_path,
                  uint32_t new_len);
Errno pathUnlinkFile(Call& c, uint32_t fd, uint32_t path, uint32_t path_len);

// Shared by fd_* and path_*: a filestat written at `out`, and (atim, mtim, fst_flags) -> the
// two timespecs of utimensat (kInval for contradictory flags).
Errno storeFilestat(const GuestMemory& mem, uint32_t out, const struct stat& st);
Errno timesFromFlags(uint64_t atim, uint64_t mtim, uint32_t fst, timespec times[2]);

}  // namespace lichen::wasi
