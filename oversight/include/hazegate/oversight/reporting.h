// The plan's reporting schedule as the scheduler drives it. Not
// thread-safe beyond the transaction it is given.
#pragma once

#include "hazegate/core/clock.h"
#include "hazegate/core/tx.h"

namespace hazegate::internal {

// One pass of the schedule for active warnings: a reminder order to each org
// whose report is past due, an escalation to the office when it is still
// missing escalate_after_h later, and each daily report's next deadline once
// the last has passed. Returns how many orders it queued.
int TickReporting(WriteTx& tx, TimePoint now);

}  // namespace hazegate::internal
