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

// How the orders reached their orgs, by channel (contract v3 §5, issue 21).
struct OrderReach {
  int64_t live = 0;           // received by a device over MQTT
  int64_t https = 0;          // received in an app or the console's list
  int64_t sms_sent = 0;       // an SMS went out (Kannel accepted it)
  int64_t sms_delivered = 0;  // an SMS reached a phone
  int64_t sms_failed = 0;     // every SMS to the org failed
  int64_t reached = 0;        // received, or an SMS delivered
  int64_t acked_app = 0;      // acknowledged in the app over MQTT
  int64_t acked_https = 0;    // acknowledged over HTTPS
  int64_t acked_sms = 0;      // acknowledged by an SMS reply
};

struct OrderTallies {
  // By the recipient's org kind, and by its area.
  std::map<std::string, OrderCounts> by_kind, by_area;
  std::vector<int64_t> latencies;  // seconds from order to acknowledgement
  OrderReach reach;                // of all of them
};

// `end`: when the warning ended (or now): an order unacknowledged by then
// past its deadline was overdue. `area` "" = every recipient, else only the
// orgs of that area.
OrderTallies TallyOrders(ReadTx& tx, const std::string& warning_id, int64_t end,
                         const std::string& area);

}  // namespace hazegate::internal
