// Bounds how many threads run a costly step at once (JPEG decodes, argon2
// hashes) to the number of cores: a burst of requests queues here instead of
// multiplying the step's memory and starving the rest. Thread-safe.
#pragma once

#include <algorithm>
#include <semaphore>
#include <thread>

namespace hazegate {

class ConcurrencyLimit {
 public:
  explicit ConcurrencyLimit(
      unsigned slots = std::max(1U, std::thread::hardware_concurrency()))
      : semaphore_(static_cast<std::ptrdiff_t>(slots)) {}

  // Holds one slot for its lifetime (waits for one to be free).
  class Slot {
   public:
    explicit Slot(ConcurrencyLimit& limit) : limit_(limit) {
      limit_.semaphore_.acquire();
    }
    ~Slot() { limit_.semaphore_.release(); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    ConcurrencyLimit& limit_;
  };

 private:
  std::counting_semaphore<> semaphore_;
};

}  // namespace hazegate
