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

struct RecipientOrder {
  OrderDraft draft;
  std::string recipient_kind;  // the org's kind: enterprise, unit, …
};

// Orders for every recipient: enterprises, schools and sites in the covered
// areas, every member unit and group, and the county orgs of the areas.
std::vector<RecipientOrder> PlanFanOut(Store::Lease& lease,
                                       const WarningFacts& warning,
                                       TimePoint now);

// The plan's acknowledgement windows by recipient kind, read once.
class AckWindows {
 public:
  explicit AckWindows(Store::Lease& lease);

  // `now` plus the window for an org of `kind`, or `override_s` when set.
  TimePoint Due(const std::string& kind, std::optional<int64_t> override_s,
                TimePoint now) const;

 private:
  static const std::string kUnitKind;
  nlohmann::json windows_;
};

}  // namespace hazegate::internal
