#include "api/http/worker_pool.h"

#include <algorithm>

namespace lichen::http {

WorkerPool::WorkerPool(unsigned min_threads, unsigned max_threads,
                       std::chrono::milliseconds idle_timeout, std::chrono::microseconds stall)
    : min_threads_(std::max(1u, min_threads)),
      max_threads_(std::max(std::max(1u, min_threads), max_threads)),
      idle_timeout_(idle_timeout),
      stall_(stall) {
  std::lock_guard lock(mutex_);
  for (unsigned i = 0; i < min_threads_; ++i) startThreadLocked();
  monitor_ = std::thread([this] { monitor(); });
}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::startThreadLocked() {
  std::thread thread([this] { run(); });
  std::thread::id id = thread.get_id();
  threads_.emplace(id, std::move(thread));
}

void WorkerPool::reapLocked() {
  // Joining under the lock is safe: a finished thread has left run() and takes no lock again.
  for (std::thread& thread : finished_) {
    if (thread.joinable()) thread.join();
  }
  finished_.clear();
}

void WorkerPool::post(std::function<void()> task) {
  bool maybe_stalled;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    queue_.push_back({std::chrono::steady_clock::now(), std::move(task)});
    // Threads already woken for earlier tasks count against the idle ones.
    maybe_stalled = idle_ < queue_.size() && threads_.size() < max_threads_;
  }
  // Outside the lock: the woken thread would otherwise wake only to wait for it.
  wake_.notify_one();
  if (maybe_stalled) wake_monitor_.notify_one();
}

void WorkerPool::monitor() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    // Asleep while nothing waits; while tasks wait, a look every `stall`.
    if (queue_.empty()) {
      wake_monitor_.wait_for(lock, std::chrono::seconds(1));
    } else {
      wake_monitor_.wait_for(lock, stall_);
    }
    if (stopping_) break;
    reapLocked();
    if (queue_.empty() || idle_ > 0) continue;
    if (std::chrono::steady_clock::now() - queue_.front().queued < stall_) continue;
    size_t wanted = std::min<size_t>(queue_.size(), max_threads_ - threads_.size());
    for (size_t i = 0; i < wanted; ++i) startThreadLocked();
  }
}

void WorkerPool::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    ++idle_;
    bool woken =
        wake_.wait_for(lock, idle_timeout_, [this] { return stopping_ || !queue_.empty(); });
    --idle_;
    if (!queue_.empty()) {
      std::function<void()> task = std::move(queue_.front().run);
      queue_.pop_front();
      lock.unlock();
      task();
      task = nullptr;  // destroy captures outside the lock
      lock.lock();
      continue;
    }
    if (stopping_) return;
    if (!woken && threads_.size() > min_threads_) {
      auto self = threads_.find(std::this_thread::get_id());
      if (self != threads_.end()) {
        finished_.push_back(std::move(self->second));
        threads_.erase(self);
      }
      return;
    }
  }
}

void WorkerPool::stop() {
  std::map<std::thread::id, std::thread> running;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    wake_.notify_all();
    wake_monitor_.notify_all();
    running.swap(threads_);
  }
  if (monitor_.joinable()) monitor_.join();
  for (auto& [id, thread] : running) {
    if (thread.joinable()) thread.join();
  }
  std::lock_guard lock(mutex_);
  reapLocked();
  queue_.clear();
}

unsigned WorkerPool::threads() const {
  std::lock_guard lock(mutex_);
  return static_cast<unsigned>(threads_.size());
}

unsigned WorkerPool::idle() const {
  std::lock_guard lock(mutex_);
  return idle_;
}

}  // namespace lichen::http
