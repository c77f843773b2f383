// The guest's file descriptor table: WASI fd numbers -> host fds with their rights.
// Guest fds are small integers handed out lowest-free-first, like POSIX.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "wasi/os.h"
#include "wasi/wasi_types.h"

namespace lichen::wasi {

struct FdEntry {
  int host_fd = -1;
  bool owns_host_fd = true;  // false for the process's stdio, which a guest close must not end
  Filetype type = Filetype::kUnknown;
  uint64_t rights_base = 0;
  uint64_t rights_inheriting = 0;
  std::optional<std::string> preopen_name;  // set for pre-opened directories
  std::vector<HostDirEntry> dir_cache;      // fd_readdir's snapshot, refreshed at cookie 0
};

class FdTable {
 public:
  explicit FdTable(WasiOs& os) : os_(os) {}
  ~FdTable();
  FdTable(const FdTable&) = delete;
  FdTable& operator=(const FdTable&) = delete;

  // Inserts at the lowest free number; returns it.
  uint32_t insert(FdEntry entry);
  // Inserts at a given number (stdio); replaces and closes anything there.
  void insertAt(uint32_t fd, FdEntry entry);
  FdEntry* get(uint32_t fd);
  // The entry if it exists and holds all of `needed`; else kBadf or kNotcapable.
  Errno lookup(uint32_t fd, uint64_t needed, FdEntry*& out);
  // Removes and closes.
  Errno close(uint32_t fd);
  // fd_renumber: moves `from` onto `to`, closing what `to` held.
  Errno renumber(uint32_t from, uint32_t to);

 private:
  void closeEntry(FdEntry& entry);

  WasiOs& os_;
  std::map<uint32_t, FdEntry> entries_;
};

}  // namespace lichen::wasi
