#include "hazegate/warnings/warning_rows.h"

#include "hazegate/config/directory.h"
#include "hazegate/config/public_info.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/order_store.h"
#include "hazegate/warnings/warning_json.h"

namespace hazegate::internal {

using nlohmann::json;

std::optional<Warning> LoadWarning(ReadTx& tx, const std::string& id) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT id, level, status, headline, reason, supersedes, proposed_by, "
      "approved_by, close_reason, areas, starts_at, created_at, ends_at, "
      "activated_at, closed_at, ack_within_s, consultation_id, "
      "consultation_conclusion, exercise, exercise_name FROM warnings WHERE "
      "id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  Warning row;
  row.id = query.getColumn(0).getString();
  row.level = query.getColumn(1).getString();
  row.status = query.getColumn(2).getString();
  row.headline = query.getColumn(3).getString();
  row.reason = query.getColumn(4).getString();
  row.supersedes = TextOrEmpty(query.getColumn(5));
  row.proposed_by = query.getColumn(6).getString();
  row.approved_by = TextOrEmpty(query.getColumn(7));
  row.close_reason = TextOrEmpty(query.getColumn(8));
  row.areas = json::parse(query.getColumn(9).getString())
                  .get<std::vector<std::string>>();
  row.starts_at = FromUnixSeconds(query.getColumn(10).getInt64());
  row.created_at = FromUnixSeconds(query.getColumn(11).getInt64());
  row.ends_at = OptionalTime(query.getColumn(12));
  row.activated_at = OptionalTime(query.getColumn(13));
  row.closed_at = OptionalTime(query.getColumn(14));
  if (!query.getColumn(15).isNull()) {
    row.ack_within_s = query.getColumn(15).getInt64();
  }
  row.consultation_id = TextOrEmpty(query.getColumn(16));
  row.consultation_conclusion = TextOrEmpty(query.getColumn(17));
  row.exercise = query.getColumn(18).getInt() != 0;
  row.exercise_name = TextOrEmpty(query.getColumn(19));
  return row;
}

void CountOrders(ReadTx& tx, Warning* warning) {
  Store::Lease& lease = Store::LeaseOf(tx);
  WarningOrderCounts counts;
  SQLite::Statement& query = lease.Prepare(
      "SELECT status, count(*), count(received_at), sum(sms_status IN "
      "('sent', 'delivered')), sum(sms_status = 'delivered'), sum(sms_status "
      "= 'failed'), sum(ack_channel = 'sms') FROM orders_view WHERE "
      "warning_id = ? GROUP BY status");
  query.bind(1, warning->id);
  while (query.executeStep()) {
    const std::string status = query.getColumn(0).getString();
    counts.by_status[status] = query.getColumn(1).getInt64();
    counts.sms_sent += query.getColumn(3).getInt64();
    counts.sms_delivered += query.getColumn(4).getInt64();
    counts.sms_failed += query.getColumn(5).getInt64();
    counts.sms_acked += query.getColumn(6).getInt64();
    if (status == "canceled") continue;
    counts.expected += query.getColumn(1).getInt64();
    counts.received += query.getColumn(2).getInt64();
  }
  warning->orders = std::move(counts);
}

std::map<std::string, AreaLevel> LevelsInForce(
    ReadTx& tx, const std::vector<std::string>& areas) {
  Store::Lease& lease = Store::LeaseOf(tx);
  std::map<std::string, AreaLevel> levels;
  for (const std::string& area : areas) levels[area].area = area;
  SQLite::Statement& active = lease.Prepare(
      "SELECT id, level, areas, starts_at, ends_at, headline FROM warnings "
      "WHERE status = 'active' AND NOT exercise ORDER BY seq");
  std::vector<std::pair<AreaLevel, std::vector<std::string>>> warnings;
  while (active.executeStep()) {
    warnings.push_back(
        {{"", active.getColumn(1).getString(), active.getColumn(0).getString(),
          FromUnixSeconds(active.getColumn(3).getInt64()),
          OptionalTime(active.getColumn(4)), active.getColumn(5).getString()},
         json::parse(active.getColumn(2).getString())
             .get<std::vector<std::string>>()});
  }
  for (const auto& [warning, codes] : warnings) {
    for (const std::string& area : CoveredAreas(tx, codes)) {
      auto it = levels.find(area);
      if (it == levels.end() ||
          LevelRank(warning.level) < LevelRank(it->second.level)) {
        continue;
      }
      it->second = warning;
      it->second.area = area;
    }
  }
  return levels;
}

std::string PublicWarningsFingerprint(ReadTx& tx) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT count(*) || ':' || ifnull(max(seq), 0) || ':' || "
      "total(ifnull(activated_at, 0)) || ':' || total(ifnull(closed_at, 0)) "
      "FROM warnings");
  query.executeStep();
  return query.getColumn(0).getString() + "|" + PublicPlanFingerprint(tx);
}

void PublishAreaLevels(WriteTx& tx, const std::vector<std::string>& areas,
                       TimePoint now) {
  for (const auto& [area, level] : LevelsInForce(tx, areas)) {
    Enqueue(tx,
            {kMqttChannel, AreaWarningAddress(area),
             AreaLevelToJson(level).dump(), true},
            "", now);
  }
}

OrderReach ReachInForce(ReadTx& tx) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT total(receipt_channel = 'mqtt'), total(receipt_channel = "
      "'https'), total(sms_status IN ('sent', 'delivered')), total(sms_status "
      "= 'delivered'), total(sms_status = 'failed'), total(received_at IS NOT "
      "NULL OR sms_status = 'delivered'), total(ack_channel = 'mqtt'), "
      "total(ack_channel = 'https'), total(ack_channel = 'sms') FROM "
      "orders_view WHERE warning_id IN (SELECT id FROM warnings WHERE status "
      "= 'active') AND status != 'canceled'");
  query.executeStep();
  const auto n = [&query](int i) {
    return static_cast<int64_t>(query.getColumn(i).getDouble());
  };
  return {n(0), n(1), n(2), n(3), n(4), n(5), n(6), n(7), n(8)};
}

std::pair<int64_t, int64_t> ArrivalInForce(ReadTx& tx) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT count(*), count(received_at) FROM orders_view WHERE warning_id "
      "IN "
      "(SELECT id FROM warnings WHERE status = 'active') AND status != "
      "'canceled'");
  query.executeStep();
  return {query.getColumn(0).getInt64(), query.getColumn(1).getInt64()};
}

}  // namespace hazegate::internal
