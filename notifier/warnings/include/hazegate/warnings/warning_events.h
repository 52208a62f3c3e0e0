// WarningEvents: what the warning lifecycle tells the rooms that follow a
// warning (oversight's reporting schedule) instead of calling them. Called
// inside the transaction of the change, in its WriteTx, so that what a
// listener writes commits or rolls back with it; a listener must not throw
// for anything but a storage failure (which rolls the change back).
#pragma once

#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/tx.h"

namespace hazegate {

// One order of a fan-out: its id, its org and the org's kind.
struct FannedOutOrder {
  std::string order_id, org, org_kind;
};

class WarningEvents {
 public:
  virtual ~WarningEvents() = default;

  // A warning became active and these orders went out for it: once per
  // chunk of its fan-out (warnings.h), `now` being the activation's time.
  virtual void FannedOut(WriteTx& tx, const std::string& warning_id,
                         const std::string& level,
                         const std::vector<FannedOutOrder>& orders,
                         TimePoint now) = 0;

  // A warning ended (lifted or superseded).
  virtual void Ended(WriteTx& tx, const std::string& warning_id,
                     TimePoint now) = 0;
};

}  // namespace hazegate
