#include "host/module_cache.h"

#include <sys/stat.h>

namespace lichen::host {
namespace {

// FNV-1a: only picks the bucket; a hit also compares the whole content.
uint64_t contentHash(std::span<const uint8_t> bytes) {
  uint64_t h = 14695981039346656037ull;
  for (uint8_t b : bytes) h = (h ^ b) * 1099511628211ull;
  return h;
}

}  // namespace

template <typename Compile>
wasm::Result<ModuleCache::ModulePtr> ModuleCache::getOrCompile(const std::string& key,
                                                               const std::string& identity,
                                                               Compile compile) {
  std::shared_ptr<Entry> entry;
  std::promise<wasm::Result<ModulePtr>> promise;
  bool owner = false;
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second->identity == identity) {
      entry = it->second;
    } else {
      // New, or the file changed (or, for content, the hash collided): this one replaces it.
      entry = std::make_shared<Entry>(Entry{identity, promise.get_future().share()});
      entries_[key] = entry;
      ++compilations_;
      owner = true;
    }
  }
  if (owner) {
    wasm::Result<ModulePtr> result = compile();
    promise.set_value(result);
    if (!result) {
      std::lock_guard lock(mutex_);
      auto it = entries_.find(key);
      if (it != entries_.end() && it->second == entry) entries_.erase(it);
    }
    return result;
  }
  return entry->result.get();
}

wasm::Result<ModuleCache::ModulePtr> ModuleCache::loadFile(const std::string& path) {
  struct stat st;
  // Whatever stat cannot see, the engine reports in its own words (and nothing is cached).
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return engine_.loadFile(path);
  const std::string identity = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino) + ":" +
                               std::to_string(st.st_size) + ":" +
                               std::to_string(st.st_mtim.tv_sec) + "." +
                               std::to_string(st.st_mtim.tv_nsec);
  return getOrCompile("file:" + path, identity, [this, &path] { return engine_.loadFile(path); });
}

wasm::Result<ModuleCache::ModulePtr> ModuleCache::load(std::span<const uint8_t> bytes) {
  const std::string key = "hash:" + std::to_string(contentHash(bytes));
  const std::string identity(bytes.begin(), bytes.end());
  return getOrCompile(key, identity, [this, bytes] { return engine_.load(bytes); });
}

size_t ModuleCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

uint64_t ModuleCache::compilations() const {
  std::lock_guard lock(mutex_);
  return compilations_;
}

void ModuleCache::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

}  // namespace lichen::host
