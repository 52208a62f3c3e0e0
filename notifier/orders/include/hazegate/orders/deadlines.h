// Acknowledgement deadlines: orders still unacknowledged when ack_due_at has
// passed become overdue, their silence is escalated (to the county org of
// the recipient's area for enterprises, schools and sites; to the office for
// everyone else) and, for an enterprise, the cases module is told (it opens
// or joins the site's no_ack case: it alone writes cases). All state is in
// the database, so a restart loses nothing. Thread-safe.
#pragma once

#include <functional>
#include <string>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"

namespace hazegate {

// An enterprise's measures order went overdue; called inside the
// transaction that marks it, with the order's id, the site and the warning.
using SilenceHandler = std::function<void(
    WriteTx&, const std::string& order_id, const std::string& site,
    const std::string& warning_id, TimePoint now)>;

class DeadlineScheduler {
 public:
  DeadlineScheduler(Store& store, const Clock& clock,
                    SilenceHandler on_silent_enterprise = nullptr);

  // One pass; returns how many orders went overdue. Commits per batch.
  Result<int> Tick();

 private:
  Store& store_;
  const Clock& clock_;
  SilenceHandler on_silent_enterprise_;
};

}  // namespace hazegate
