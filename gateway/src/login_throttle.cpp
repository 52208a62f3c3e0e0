#include "login_throttle.h"

namespace hazegate {

void LoginThrottle::Expire(std::deque<TimePoint>& failures,
                           TimePoint now) const {
  while (!failures.empty() && failures.front() + window_ <= now) {
    failures.pop_front();
  }
}

bool LoginThrottle::Blocked(const std::string& key) {
  std::lock_guard lock(mutex_);
  const auto it = failures_.find(key);
  if (it == failures_.end()) return false;
  Expire(it->second, clock_.Now());
  if (it->second.empty()) {
    failures_.erase(it);
    return false;
  }
  return static_cast<int>(it->second.size()) >= max_failures_;
}

void LoginThrottle::RecordFailure(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto& failures = failures_[key];
  const TimePoint now = clock_.Now();
  Expire(failures, now);
  failures.push_back(now);
}

void LoginThrottle::Clear(const std::string& key) {
  std::lock_guard lock(mutex_);
  failures_.erase(key);
}

}  // namespace hazegate
