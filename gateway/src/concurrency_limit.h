// At most `per_key` requests at once per key (an account's heavy reads).
// A slot is held by the shared pointer Enter returns, until its last copy
// is gone (a streamed reply keeps it until the stream ends). Thread-safe;
// must outlive its slots.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace hazegate::internal {

class ConcurrencyLimit {
 public:
  explicit ConcurrencyLimit(int per_key) : per_key_(per_key) {}

  // A held slot, or null when `key` holds all of its slots already.
  std::shared_ptr<void> Enter(const std::string& key);

 private:
  void Leave(const std::string& key);

  const int per_key_;
  std::mutex mutex_;
  std::map<std::string, int> held_;
};

}  // namespace hazegate::internal
