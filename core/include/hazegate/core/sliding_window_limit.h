// SlidingWindowLimit: counts events per key in a sliding window and refuses
// past a limit: failed logins per "user:NAME" / "addr:IP", device creations
// per account.
// An attempt is reserved before the password is checked and counted as in
// flight until it ends, so concurrent guesses cannot overrun the limit.
// Memory is bounded: at most `max_keys` keys (expired ones go first, then
// the stalest). Thread-safe. In memory: a restart forgets, which errs on the
// side of letting people in after an outage.
#pragma once

#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "hazegate/core/clock.h"

namespace hazegate {

class SlidingWindowLimit {
 public:
  static constexpr size_t kDefaultMaxKeys = 100000;

  SlidingWindowLimit(const Clock& clock, int max_failures,
                     std::chrono::seconds window,
                     size_t max_keys = kDefaultMaxKeys)
      : clock_(clock),
        max_failures_(max_failures),
        window_(window),
        max_keys_(max_keys) {}

  // Reserves one attempt for `key`; false (nothing reserved) if its recent
  // failures and the attempts in flight reach the limit. Each reservation
  // must end with Finish().
  bool TryBegin(const std::string& key);
  // Ends a reservation: a failure is counted; a success clears the key if
  // `clear_on_success`.
  void Finish(const std::string& key, bool failed, bool clear_on_success);
  size_t keys() const;
  // How long until `key` may try again (at least 1 s; 1 s if it may now).
  std::chrono::seconds RetryAfter(const std::string& key) const;

 private:
  struct Entry {
    std::deque<TimePoint> failures;
    int in_flight = 0;
  };
  void Expire(Entry& entry, TimePoint now) const;
  void MakeRoom(TimePoint now);

  const Clock& clock_;
  const int max_failures_;
  const std::chrono::seconds window_;
  const size_t max_keys_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace hazegate
