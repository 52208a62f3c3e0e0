// Reading orders rows into Order: the orders room's own.
#pragma once

#include <SQLiteCpp/Statement.h>

#include "hazegate/orders/order.h"

namespace hazegate::internal {

// The columns ReadOrder reads, in order, for "SELECT <kOrderColumns> FROM
// orders o".
inline constexpr const char* kOrderColumns =
    "o.id, o.warning_id, o.org, o.kind, o.level, o.title, o.body, o.measures, "
    "o.effective_at, o.ack_due_at, o.status, o.delivered_at, o.acked_at, "
    "o.acked_by, o.refers_to, o.received_at, o.ack_channel, o.sms_to, "
    "o.sms_status, o.sms_sent_at, o.sms_delivered_at, o.receipt_channel, "
    "o.acked_at_client, o.exercise";
// How many columns that is: the next one is the caller's.
inline constexpr int kOrderColumnCount = 24;

Order ReadOrder(SQLite::Statement& row);

}  // namespace hazegate::internal
