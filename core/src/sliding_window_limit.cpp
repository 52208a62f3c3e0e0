#include "hazegate/core/sliding_window_limit.h"

#include <algorithm>

namespace hazegate {

void SlidingWindowLimit::Expire(Entry& entry, TimePoint now) const {
  while (!entry.failures.empty() && entry.failures.front() + window_ <= now) {
    entry.failures.pop_front();
  }
}

// Drops expired keys; if still full, the key whose last failure is oldest
// (keys with attempts in flight stay).
void SlidingWindowLimit::MakeRoom(TimePoint now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    Expire(it->second, now);
    const bool idle = it->second.failures.empty() && it->second.in_flight == 0;
    it = idle ? entries_.erase(it) : std::next(it);
  }
  while (entries_.size() >= max_keys_) {
    auto stalest = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->second.in_flight > 0) continue;
      if (stalest == entries_.end() ||
          it->second.failures.back() < stalest->second.failures.back()) {
        stalest = it;
      }
    }
    if (stalest == entries_.end()) return;
    entries_.erase(stalest);
  }
}

bool SlidingWindowLimit::TryBegin(const std::string& key) {
  std::lock_guard lock(mutex_);
  const TimePoint now = clock_.Now();
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (entries_.size() >= max_keys_) MakeRoom(now);
    it = entries_.emplace(key, Entry{}).first;
  }
  Entry& entry = it->second;
  Expire(entry, now);
  if (static_cast<int>(entry.failures.size()) + entry.in_flight >=
      max_failures_) {
    return false;
  }
  ++entry.in_flight;
  return true;
}

void SlidingWindowLimit::Finish(const std::string& key, bool failed,
                                bool clear_on_success) {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it == entries_.end()) return;
  Entry& entry = it->second;
  entry.in_flight = std::max(0, entry.in_flight - 1);
  if (failed) {
    entry.failures.push_back(clock_.Now());
  } else if (clear_on_success) {
    entry.failures.clear();
  }
  if (entry.failures.empty() && entry.in_flight == 0) entries_.erase(it);
}

std::chrono::seconds SlidingWindowLimit::RetryAfter(
    const std::string& key) const {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it == entries_.end() || it->second.failures.empty()) {
    return std::chrono::seconds(1);
  }
  const auto wait = std::chrono::ceil<std::chrono::seconds>(
      it->second.failures.front() + window_ - clock_.Now());
  return std::max(wait, std::chrono::seconds(1));
}

size_t SlidingWindowLimit::keys() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace hazegate
