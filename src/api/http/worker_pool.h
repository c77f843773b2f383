// The threads request handlers run on. Handlers block (SQLite, a call into the app that may
// take a minute), so a fixed pool lets a few slow calls starve every other request: daprd
// serves each request on its own goroutine. This pool keeps `min_threads` warm; a monitor
// starts more when a task has waited `stall` with every thread busy (one per waiting task, up
// to `max_threads`), so quick requests run on the warm threads and slow ones cannot hold up
// the rest for more than about `stall`. A thread idle for `idle_timeout` beyond the minimum
// ends.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace lichen::http {

class WorkerPool {
 public:
  WorkerPool(unsigned min_threads, unsigned max_threads,
             std::chrono::milliseconds idle_timeout = std::chrono::seconds(30),
             std::chrono::microseconds stall = std::chrono::milliseconds(2));
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Never blocks. At max_threads the task waits in the queue for the next free thread.
  void post(std::function<void()> task);
  // Runs what is queued, then joins every thread. Tasks posted afterwards are dropped.
  void stop();

  unsigned threads() const;  // alive now
  unsigned idle() const;

 private:
  struct Task {
    std::chrono::steady_clock::time_point queued;
    std::function<void()> run;
  };

  void startThreadLocked();
  void run();
  void monitor();
  void reapLocked();

  const unsigned min_threads_;
  const unsigned max_threads_;
  const std::chrono::milliseconds idle_timeout_;
  const std::chrono::microseconds stall_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;          // workers: a task or stop
  std::condition_variable wake_monitor_;  // the monitor: tasks may be waiting, or stop
  std::deque<Task> queue_;
  std::thread monitor_;
  std::map<std::thread::id, std::thread> threads_;
  std::vector<std::thread> finished_;  // ended on their own, joined by the next post or stop
  unsigned idle_ = 0;
  bool stopping_ = false;
};

}  // namespace lichen::http
