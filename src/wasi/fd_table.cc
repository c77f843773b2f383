#include "wasi/fd_table.h"

namespace lichen::wasi {

FdTable::~FdTable() {
  for (auto& [fd, entry] : entries_) closeEntry(entry);
}

uint32_t FdTable::insert(FdEntry entry) {
  uint32_t fd = 0;
  for (const auto& [used, unused] : entries_) {
    if (used != fd) break;
    ++fd;
  }
  entries_.emplace(fd, std::move(entry));
  return fd;
}

void FdTable::insertAt(uint32_t fd, FdEntry entry) {
  auto it = entries_.find(fd);
  if (it != entries_.end()) {
    closeEntry(it->second);
    entries_.erase(it);
  }
  entries_.emplace(fd, std::move(entry));
}

FdEntry* FdTable::get(uint32_t fd) {
  auto it = entries_.find(fd);
  return it == entries_.end() ? nullptr : &it->second;
}

Errno FdTable::lookup(uint32_t fd, uint64_t needed, FdEntry*& out) {
  out = get(fd);
  if (!out) return Errno::kBadf;
  if ((out->rights_base & needed) != needed) return Errno::kNotcapable;
  return Errno::kSuccess;
}

Errno FdTable::close(uint32_t fd) {
  auto it = entries_.find(fd);
  if (it == entries_.end()) return Errno::kBadf;
  closeEntry(it->second);
  entries_.erase(it);
  return Errno::kSuccess;
}

Errno FdTable::renumber(uint32_t from, uint32_t to) {
  auto src = entries_.find(from);
  if (src == entries_.end() || !entries_.count(to)) return Errno::kBadf;
  if (from == to) return Errno::kSuccess;
  FdEntry moved = std::move(src->second);
  entries_.erase(src);
  insertAt(to, std::move(moved));
  return Errno::kSuccess;
}

void FdTable::closeEntry(FdEntry& entry) {
  if (entry.owns_host_fd && entry.host_fd >= 0) (void)os_.close(entry.host_fd);
  entry.host_fd = -1;
}

}  // namespace lichen::wasi
