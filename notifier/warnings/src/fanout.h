// Who receives what when a warning becomes active: one order per recipient,
// computed from the plan in the database.
#pragma once

#include <vector>

#include "hazegate/config/plan_settings.h"
#include "hazegate/orders/order_store.h"

namespace hazegate::internal {

struct WarningFacts {
  std::string id;
  std::string level;
  std::vector<std::string> areas;
  std::string headline;
  TimePoint starts_at;
  std::optional<int64_t> ack_within_s;
};

struct RecipientOrder {
  OrderDraft draft;
  std::string recipient_kind;  // the org's kind: enterprise, unit, …
};

// Orders for every recipient: enterprises, schools and sites in the covered
// areas, every member unit and group, and the county orgs of the areas.
std::vector<RecipientOrder> PlanFanOut(ReadTx& tx, const WarningFacts& warning,
                                       TimePoint now);

}  // namespace hazegate::internal
