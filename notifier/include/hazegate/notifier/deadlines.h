// Acknowledgement deadlines: orders still unacknowledged when ack_due_at has
// passed become overdue, their silence is escalated (to the county org of
// the recipient's area for enterprises, schools and sites; to the office for
// everyone else) and, for an enterprise, a no_ack case is opened. All state
// is in the database, so a restart loses nothing. Thread-safe.
#pragma once

#include <string>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/store.h"

namespace hazegate {

class DeadlineScheduler {
 public:
  DeadlineScheduler(Store& store, const Clock& clock, std::string topic_prefix);

  // One pass; returns how many orders went overdue. Commits per batch.
  Result<int> Tick();

 private:
  Store& store_;
  const Clock& clock_;
  std::string topic_prefix_;
};

}  // namespace hazegate
