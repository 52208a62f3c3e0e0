#include "hazegate/orders/order_tallies.h"

#include <array>
#include <map>
#include <string_view>

#include "hazegate/core/store.h"

namespace hazegate::internal {

namespace {

// total, delivered, received, acknowledged, on_time, overdue, canceled
using Counts = std::array<int64_t, 7>;

using Tallies = std::map<std::string, Counts, std::less<>>;

// The counts for a key, looked up without copying the column's text (a
// hundred thousand rows share a few dozen keys).
Counts& Tally(Tallies& tallies, const SQLite::Column& column) {
  const std::string_view key(column.getText(), column.getBytes());
  auto it = tallies.find(key);
  if (it == tallies.end())
    it = tallies.emplace(std::string(key), Counts{}).first;
  return it->second;
}

std::map<std::string, OrderCounts> Typed(const Tallies& tallies) {
  std::map<std::string, OrderCounts> out;
  for (const auto& [key, c] : tallies) {
    out[key] = {c[0], c[1], c[2], c[3], c[4], c[5], c[6]};
  }
  return out;
}

bool Is(const SQLite::Column& column, std::string_view value) {
  return !column.isNull() &&
         std::string_view(column.getText(), column.getBytes()) == value;
}

// Columns 9..11: receipt_channel, sms_status, ack_channel.
void CountReach(SQLite::Statement& row, OrderReach* reach) {
  const SQLite::Column receipt = row.getColumn(9);
  const SQLite::Column sms = row.getColumn(10);
  const SQLite::Column ack = row.getColumn(11);
  const bool live = Is(receipt, "mqtt");
  const bool https = Is(receipt, "https");
  const bool sms_delivered = Is(sms, "delivered");
  reach->live += live;
  reach->https += https;
  reach->sms_sent += sms_delivered || Is(sms, "sent");
  reach->sms_delivered += sms_delivered;
  reach->sms_failed += Is(sms, "failed");
  reach->reached += !receipt.isNull() || sms_delivered;
  reach->acked_app += Is(ack, "mqtt");
  reach->acked_https += Is(ack, "https");
  reach->acked_sms += Is(ack, "sms");
}

}  // namespace

OrderTallies TallyOrders(ReadTx& tx, const std::string& warning_id, int64_t end,
                         const std::string& area) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      std::string(
          "SELECT g.kind, g.area, o.delivered_at IS NOT NULL, o.received_at "
          "IS NOT NULL, o.acked_at IS NOT NULL, ifnull(o.acked_at <= "
          "o.ack_due_at, 0), CASE WHEN o.acked_at IS NOT NULL THEN o.acked_at "
          "> o.ack_due_at ELSE ifnull(o.ack_due_at <= ?2, 0) END, o.status = "
          "'canceled', o.acked_at - o.created_at, o.receipt_channel, "
          "o.sms_status, o.ack_channel FROM orders o JOIN orgs_view "
          "g ON "
          "g.id = o.org WHERE o.warning_id = ?1 AND (?3 = '' OR g.area = ?3) "
          "AND ") +
      kRecipientOrders);
  query.bind(1, warning_id);
  query.bind(2, end);
  query.bind(3, area);
  Tallies by_kind, by_area;
  OrderTallies tallies;
  while (query.executeStep()) {
    Counts& kind = Tally(by_kind, query.getColumn(0));
    Counts& in_area = Tally(by_area, query.getColumn(1));
    ++kind[0];
    ++in_area[0];
    for (int i = 0; i < 6; ++i) {
      const int64_t n = query.getColumn(2 + i).getInt64();
      kind[1 + i] += n;
      in_area[1 + i] += n;
    }
    if (!query.getColumn(8).isNull()) {
      tallies.latencies.push_back(query.getColumn(8).getInt64());
    }
    CountReach(query, &tallies.reach);
  }
  tallies.by_kind = Typed(by_kind);
  tallies.by_area = Typed(by_area);
  return tallies;
}

}  // namespace hazegate::internal
