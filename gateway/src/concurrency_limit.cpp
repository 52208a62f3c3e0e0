#include "concurrency_limit.h"

namespace hazegate::internal {

std::shared_ptr<void> ConcurrencyLimit::Enter(const std::string& key) {
  {
    std::lock_guard lock(mutex_);
    int& held = held_[key];
    if (held >= per_key_) return nullptr;
    ++held;
  }
  return std::shared_ptr<void>(
      this, [key](ConcurrencyLimit* limit) { limit->Leave(key); });
}

void ConcurrencyLimit::Leave(const std::string& key) {
  std::lock_guard lock(mutex_);
  const auto it = held_.find(key);
  if (it != held_.end() && --it->second <= 0) held_.erase(it);
}

}  // namespace hazegate::internal
