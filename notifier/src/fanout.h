// Who receives what when a warning becomes active: one order per recipient,
// computed from the plan in the database.
#pragma once

#include <vector>

#include "order_store.h"

namespace hazegate::internal {

struct WarningFacts {
  std::string id;
  std::string level;
  std::vector<std::string> areas;
  std::string headline;
  TimePoint starts_at;
  std::optional<int64_t> ack_within_s;
};

// Orders for every recipient: enterprises, schools and sites in the covered
// areas, every member unit and group, and the county orgs of the areas.
std::vector<OrderDraft> PlanFanOut(Store::Lease& lease,
                                   const WarningFacts& warning, TimePoint now);

// The acknowledgement deadline for an org of `kind` (the plan's window, or
// the warning's override).
TimePoint AckDue(Store::Lease& lease, const std::string& kind,
                 std::optional<int64_t> ack_within_s, TimePoint now);

}  // namespace hazegate::internal
