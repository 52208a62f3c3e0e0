#include "hazegate/warnings/warning_rows.h"

#include "hazegate/config/directory.h"
#include "hazegate/core/columns.h"
#include "hazegate/orders/order_store.h"

namespace hazegate::internal {

using nlohmann::json;

namespace {

json TimeJson(const std::optional<TimePoint>& t) {
  return t ? json(FormatRfc3339(*t)) : json(nullptr);
}

json TextJson(const std::string& text) {
  return text.empty() ? json(nullptr) : json(text);
}

}  // namespace

std::optional<WarningRow> LoadWarning(Store::Lease& lease,
                                      const std::string& id) {
  SQLite::Statement& query = lease.Prepare(
      "SELECT id, level, status, headline, reason, supersedes, proposed_by, "
      "approved_by, close_reason, areas, starts_at, created_at, ends_at, "
      "activated_at, closed_at, ack_within_s FROM warnings WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  WarningRow row;
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
  return row;
}

json WarningJson(Store::Lease& lease, const WarningRow& row) {
  json counts = json::object();
  int64_t expected = 0, arrived = 0;  // orders not canceled; received
  SQLite::Statement& query = lease.Prepare(
      "SELECT status, count(*), count(received_at) FROM orders_view "
      "WHERE warning_id = ? GROUP BY status");
  query.bind(1, row.id);
  while (query.executeStep()) {
    const std::string status = query.getColumn(0).getString();
    counts[status] = query.getColumn(1).getInt64();
    if (status == "canceled") continue;
    expected += query.getColumn(1).getInt64();
    arrived += query.getColumn(2).getInt64();
  }
  const json arrival = {
      {"orders", expected},
      {"received", arrived},
      {"rate", expected > 0 ? json(static_cast<double>(arrived) / expected)
                            : json(nullptr)}};
  return {{"id", row.id},
          {"level", row.level},
          {"areas", row.areas},
          {"status", row.status},
          {"starts_at", FormatRfc3339(row.starts_at)},
          {"ends_at", TimeJson(row.ends_at)},
          {"headline", row.headline},
          {"reason", row.reason},
          {"supersedes", TextJson(row.supersedes)},
          {"proposed_by", row.proposed_by},
          {"approved_by", TextJson(row.approved_by)},
          {"created_at", FormatRfc3339(row.created_at)},
          {"activated_at", TimeJson(row.activated_at)},
          {"closed_at", TimeJson(row.closed_at)},
          {"close_reason", TextJson(row.close_reason)},
          {"ack_within_s",
           row.ack_within_s ? json(*row.ack_within_s) : json(nullptr)},
          {"order_counts", counts},
          {"arrival", arrival}};
}

std::map<std::string, json> LevelsInForce(
    Store::Lease& lease, const std::vector<std::string>& areas) {
  struct InForce {
    int rank = 0;
    json payload;
  };
  std::map<std::string, InForce> by_area;
  for (const std::string& area : areas) {
    by_area[area].payload = {{"area", area},          {"level", "none"},
                             {"warning_id", nullptr}, {"starts_at", nullptr},
                             {"ends_at", nullptr},    {"headline", nullptr}};
  }
  SQLite::Statement& active = lease.Prepare(
      "SELECT id, level, areas, starts_at, ends_at, headline FROM warnings "
      "WHERE status = 'active' ORDER BY seq");
  std::vector<std::tuple<std::string, std::string, json, int64_t,
                         std::optional<int64_t>, std::string>>
      warnings;
  while (active.executeStep()) {
    warnings.emplace_back(
        active.getColumn(0).getString(), active.getColumn(1).getString(),
        json::parse(active.getColumn(2).getString()),
        active.getColumn(3).getInt64(),
        active.getColumn(4).isNull()
            ? std::nullopt
            : std::optional<int64_t>(active.getColumn(4).getInt64()),
        active.getColumn(5).getString());
  }
  for (const auto& [id, level, codes, starts, ends, headline] : warnings) {
    for (const std::string& area :
         CoveredAreas(lease, codes.get<std::vector<std::string>>())) {
      auto it = by_area.find(area);
      if (it == by_area.end() || LevelRank(level) < it->second.rank) continue;
      it->second.rank = LevelRank(level);
      it->second.payload = {
          {"area", area},
          {"level", level},
          {"warning_id", id},
          {"starts_at", FormatRfc3339(FromUnixSeconds(starts))},
          {"ends_at",
           ends ? json(FormatRfc3339(FromUnixSeconds(*ends))) : json(nullptr)},
          {"headline", headline}};
    }
  }
  std::map<std::string, json> levels;
  for (auto& [area, in_force] : by_area) {
    levels[area] = std::move(in_force.payload);
  }
  return levels;
}

void PublishAreaLevels(Store::Lease& lease,
                       const std::vector<std::string>& areas, TimePoint now) {
  for (const auto& [area, payload] : LevelsInForce(lease, areas)) {
    Enqueue(lease,
            {kMqttChannel, AreaWarningAddress(area), payload.dump(), true}, "",
            now);
  }
}

std::pair<int64_t, int64_t> ArrivalInForce(Store::Lease& lease) {
  SQLite::Statement& query = lease.Prepare(
      "SELECT count(*), count(received_at) FROM orders_view WHERE warning_id "
      "IN "
      "(SELECT id FROM warnings WHERE status = 'active') AND status != "
      "'canceled'");
  query.executeStep();
  return {query.getColumn(0).getInt64(), query.getColumn(1).getInt64()};
}

}  // namespace hazegate::internal
