// A warning's orders to its recipients counted by recipient kind and by
// area, in one pass: shared by the evaluation and the duty board.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hazegate/core/tx.h"

namespace hazegate::internal {

// The orders a warning sends its recipients (not approvals, notices of
// lifting, escalations), as a condition on `orders o`.
inline constexpr const char* kRecipientOrders =
    "o.kind IN ('enterprise_measures', 'school_notice', 'site_measures', "
    "'unit_task', 'area_notice')";

struct OrderCounts {
  int64_t total = 0;
  int64_t delivered = 0;
  int64_t received = 0;
  int64_t acknowledged = 0;
  int64_t on_time = 0;  // acknowledged by the deadline
  int64_t overdue = 0;  // acknowledged late, or not by the deadline
  int64_t canceled = 0;
};

struct OrderTallies {
  // By the recipient's org kind, and by its area.
  std::map<std::string, OrderCounts> by_kind, by_area;
  std::vector<int64_t> latencies;  // seconds from order to acknowledgement
};

// `end`: when the warning ended (or now): an order unacknowledged by then
// past its deadline was overdue. `area` "" = every recipient, else only the
// orgs of that area.
OrderTallies TallyOrders(ReadTx& tx, const std::string& warning_id, int64_t end,
                         const std::string& area);

}  // namespace hazegate::internal
