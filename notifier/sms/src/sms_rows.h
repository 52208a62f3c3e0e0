// The sms_messages table, the SMS room's own: one row per order and phone
// (at most one SMS each), its reply code, its text (for retries), where it
// stands and the outbox row of its latest attempt. Call inside the
// caller's transaction.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/tx.h"
#include "hazegate/sms/sms.h"

namespace hazegate::internal {

// The statuses of an order still to be acknowledged, as SQL.
inline constexpr const char* kOpenOrderStatuses =
    "('pending', 'delivered', 'received', 'overdue')";

// Queues the order's SMS to `phone` on the outbox unless it had one;
// returns 1 if it queued it, else 0.
int QueueSms(WriteTx& tx, const std::string& order_id, const std::string& phone,
             const std::string& code, const std::string& text, TimePoint now);

// Queues again the failed messages whose retry is due, of open orders;
// returns how many.
int RetryFailedSms(WriteTx& tx, TimePoint now);

// Queues each SMS already sent for `order_id` once more, as it was (same
// code); returns how many.
int RequeueSms(WriteTx& tx, const std::string& order_id, TimePoint now);

// Kannel accepted the messages sent as these outbox rows.
void MarkSmsSent(WriteTx& tx, const std::vector<uint64_t>& seqs, TimePoint now);

// A delivery report for the message sent as outbox row `seq`.
void RecordSmsReport(WriteTx& tx, uint64_t seq, SmsReport report,
                     TimePoint now);

// Writes the order's `sms` (orders room's SetOrderSms) from its messages.
void SummarizeSms(WriteTx& tx, const std::string& order_id);

std::map<std::string, int64_t> CountSms(ReadTx& tx);

}  // namespace hazegate::internal
