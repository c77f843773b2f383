// A bounded pool of ready instances of one compiled module, so a host that runs a fresh
// instance per request can make them ahead of the request. Each instance lives in its own
// Store (its limits set by `configure`, its imports resolved by the Linker). By default an
// instance is handed out once: when its lease ends it is dropped with its Store, which is the
// reset (a Store only grows), and refill() makes fresh ones up to `max_idle`. A host that
// reuses instances hands a lease back with recycle() instead; acquire() prefers those (the most
// recently used first, its memory still warm). acquire() never waits for another thread: with
// no instance waiting it instantiates one itself. Thread-safe.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "wasm/runtime/linker.h"

namespace lichen::host {

class InstancePool {
 public:
  struct Options {
    size_t max_idle = 4;
    size_t max_recycled = 16;  // instances kept by recycle(); more are dropped
    // Sets each new Store's limits (memory, fuel, interrupt flag) before instantiation.
    std::function<void(wasm::Store&)> configure;
    wasm::StartFunction start = wasm::StartFunction::kRun;
  };

  // One instance and the Store that owns it, for one use.
  class Lease {
   public:
    wasm::Store& store() { return slot_->store; }
    wasm::ModuleInstance& instance() { return *slot_->instance; }
    // How many leases this instance served before this one (0: fresh).
    size_t uses() const { return slot_->uses; }

   private:
    friend class InstancePool;
    struct Slot {
      explicit Slot(wasm::Executor& executor) : store(executor) {}
      wasm::Store store;
      wasm::ModuleInstance* instance = nullptr;
      size_t uses = 0;
    };
    explicit Lease(std::unique_ptr<Slot> slot) : slot_(std::move(slot)) {}

    std::unique_ptr<Slot> slot_;
  };

  // `executor` and `linker` must outlive the pool and every lease.
  InstancePool(wasm::Executor& executor, std::shared_ptr<const wasm::CompiledModule> module,
               const wasm::Linker& linker, Options options);

  // A recycled instance, an idle one, or a new one; an error when instantiation fails.
  wasm::Result<Lease> acquire();
  // Keeps the lease's instance for a later acquire() (up to `max_recycled`). Only for an
  // instance its user knows to be sound: one that trapped must be dropped instead.
  void recycle(Lease lease);
  // Instantiates until `max_idle` instances wait; the first error stops it.
  wasm::Result<void> refill();

  size_t idle() const;
  size_t recycled() const;
  // Instances made so far, idle or leased (for tests and metrics).
  size_t made() const;

 private:
  wasm::Result<std::unique_ptr<Lease::Slot>> make();

  wasm::Executor& executor_;
  const std::shared_ptr<const wasm::CompiledModule> module_;
  const wasm::Linker& linker_;
  const Options options_;
  mutable std::mutex mutex_;
  std::deque<std::unique_ptr<Lease::Slot>> idle_;
  std::vector<std::unique_ptr<Lease::Slot>> recycled_;  // a stack: the warmest on top
  size_t made_ = 0;
};

}  // namespace lichen::host
