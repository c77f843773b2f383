// Compiled modules shared across the process: a module loaded twice compiles once. Files are
// keyed by path and identity (device, inode, size, modification time), so a changed file is
// compiled again; byte buffers by their content. Thread-safe: concurrent loads of one module
// wait for a single compilation. Failures are not cached, so a fixed file loads next time.
#pragma once

#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "wasm/engine/engine.h"

namespace lichen::host {

class ModuleCache {
 public:
  using ModulePtr = std::shared_ptr<const wasm::CompiledModule>;

  // `engine` compiles and must outlive the cache.
  explicit ModuleCache(wasm::Engine& engine) : engine_(engine) {}

  wasm::Result<ModulePtr> loadFile(const std::string& path);
  wasm::Result<ModulePtr> load(std::span<const uint8_t> bytes);

  size_t size() const;
  // How many compilations the cache has started (for tests and metrics).
  uint64_t compilations() const;
  void clear();

 private:
  struct Entry {
    std::string identity;  // file identity, or the full content for byte buffers
    std::shared_future<wasm::Result<ModulePtr>> result;
  };

  template <typename Compile>
  wasm::Result<ModulePtr> getOrCompile(const std::string& key, const std::string& identity,
                                       Compile compile);

  wasm::Engine& engine_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;
  uint64_t compilations_ = 0;
};

}  // namespace lichen::host
