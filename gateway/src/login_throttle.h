// Counts failed logins per key ("user:NAME", "addr:IP") in a sliding window.
// Thread-safe. In memory: a restart forgets, which errs on the side of
// letting people in after an outage.
#pragma once

#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "hazegate/core/clock.h"

namespace hazegate {

class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, int max_failures,
                std::chrono::seconds window)
      : clock_(clock), max_failures_(max_failures), window_(window) {}

  bool Blocked(const std::string& key);
  void RecordFailure(const std::string& key);
  void Clear(const std::string& key);

 private:
  void Expire(std::deque<TimePoint>& failures, TimePoint now) const;

  const Clock& clock_;
  const int max_failures_;
  const std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, std::deque<TimePoint>> failures_;
};

}  // namespace hazegate
