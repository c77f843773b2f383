#include "host/instance_pool.h"

namespace lichen::host {

InstancePool::InstancePool(wasm::Executor& executor,
                           std::shared_ptr<const wasm::CompiledModule> module,
                           const wasm::Linker& linker, Options options)
    : executor_(executor),
      module_(std::move(module)),
      linker_(linker),
      options_(std::move(options)) {}

wasm::Result<std::unique_ptr<InstancePool::Lease::Slot>> InstancePool::make() {
  auto slot = std::make_unique<Lease::Slot>(executor_);
  if (options_.configure) options_.configure(slot->store);
  LICHEN_ASSIGN_OR_RETURN(slot->instance,
                          linker_.instantiate(slot->store, module_, options_.start));
  std::lock_guard lock(mutex_);
  ++made_;
  return slot;
}

wasm::Result<InstancePool::Lease> InstancePool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!recycled_.empty()) {
      auto slot = std::move(recycled_.back());
      recycled_.pop_back();
      return Lease(std::move(slot));
    }
    if (!idle_.empty()) {
      auto slot = std::move(idle_.front());
      idle_.pop_front();
      return Lease(std::move(slot));
    }
  }
  LICHEN_ASSIGN_OR_RETURN(auto slot, make());
  return Lease(std::move(slot));
}

wasm::Result<void> InstancePool::refill() {
  while (idle() < options_.max_idle) {
    LICHEN_ASSIGN_OR_RETURN(auto slot, make());
    std::lock_guard lock(mutex_);
    // Another thread may have filled the pool meanwhile: keep within the bound.
    if (idle_.size() >= options_.max_idle) break;
    idle_.push_back(std::move(slot));
  }
  return {};
}

void InstancePool::recycle(Lease lease) {
  ++lease.slot_->uses;
  std::lock_guard lock(mutex_);
  if (recycled_.size() < options_.max_recycled) recycled_.push_back(std::move(lease.slot_));
}

size_t InstancePool::recycled() const {
  std::lock_guard lock(mutex_);
  return recycled_.size();
}

size_t InstancePool::idle() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

size_t InstancePool::made() const {
  std::lock_guard lock(mutex_);
  return made_;
}

}  // namespace lichen::host
