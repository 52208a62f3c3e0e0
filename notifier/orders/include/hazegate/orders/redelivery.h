// Redelivery: an order the broker acknowledged (delivered) but no device of
// its org has reported (no receipt) by its redeliver_at is queued again on
// MQTT with the same id, then again after twice the wait, up to 15 minutes,
// until it is received, acknowledged or canceled. Driven from the orders table,
// so it survives restarts. Not thread-safe: one caller (the notifier's
// scheduler thread), but redelivered_total() may be read from any thread;
// Store outlives it.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"

namespace hazegate::internal {

inline constexpr std::chrono::seconds kLongestRedeliveryWait{900};

class Redeliverer {
 public:
  Redeliverer(Store& store, std::chrono::seconds first_wait)
      : store_(store), first_wait_(first_wait) {}

  // Queues the orders due again, only when the outbox is empty (nothing
  // else to send, no earlier copy still queued); returns how many. Call
  // while the broker link is up.
  Result<int> Tick(TimePoint now);

  uint64_t redelivered_total() const { return redelivered_total_; }

 private:
  Store& store_;
  const std::chrono::seconds first_wait_;
  std::atomic<uint64_t> redelivered_total_ = 0;
};

}  // namespace hazegate::internal
