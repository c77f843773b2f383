#include "app/app_instance.h"

namespace lichen::app {

int32_t AppInstance::hold(std::string bytes) {
  if (live_ >= kMaxHandles || held_bytes_ + bytes.size() > kMaxHeldBytes) return 0;
  held_bytes_ += bytes.size();
  ++live_;
  for (size_t i = 0; i < buffers_.size(); ++i) {
    if (!buffers_[i]) {
      buffers_[i] = std::move(bytes);
      return static_cast<int32_t>(i + 1);
    }
  }
  buffers_.push_back(std::move(bytes));
  return static_cast<int32_t>(buffers_.size());
}

const std::string* AppInstance::buffer(int32_t handle) const {
  if (handle <= 0 || static_cast<size_t>(handle) > buffers_.size()) return nullptr;
  const auto& slot = buffers_[handle - 1];
  return slot ? &*slot : nullptr;
}

void AppInstance::startServing() {
  buffers_.clear();
  live_ = 0;
  held_bytes_ = 0;
  last_error_.clear();
  request = nullptr;
  response = nullptr;
  event = nullptr;
  binding = nullptr;
  subscriptions = nullptr;
  deadline = std::chrono::steady_clock::time_point::max();
}

bool AppInstance::drop(int32_t handle) {
  if (!buffer(handle)) return false;
  auto& slot = buffers_[handle - 1];
  held_bytes_ -= slot->size();
  slot.reset();
  --live_;
  return true;
}

}  // namespace lichen::app
