// The evaluation's drill stages, answered regional notices and findings: read
// through the orders', inspections' and forecast room's views.
#include <algorithm>
#include <set>

#include "evaluation_parts.h"
#include "hazegate/config/directory.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/json.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/order_store.h"

namespace hazegate::internal {

namespace {

// A notice older than this when the warning came is not its to answer.
constexpr int64_t kNoticeReach = 7 * 86400;

std::optional<int64_t> Since(const std::optional<TimePoint>& from,
                             const SQLite::Column& to) {
  if (!from || to.isNull()) return std::nullopt;
  return to.getInt64() - ToUnixSeconds(*from);
}

std::optional<TimePoint> ConsultationHeld(ReadTx& tx, const std::string& id) {
  if (id.empty()) return std::nullopt;
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT held_at FROM consultations_view WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  return FromUnixSeconds(query.getColumn(0).getInt64());
}

bool Overlap(const std::vector<std::string>& a,
             const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(), [&](const std::string& code) {
    return std::find(b.begin(), b.end(), code) != b.end();
  });
}

}  // namespace

StageTimings TimeStages(ReadTx& tx, const Warning& row, int64_t now) {
  StageTimings stages;
  if (const auto held = ConsultationHeld(tx, row.consultation_id)) {
    stages.consultation_to_proposal =
        ToUnixSeconds(row.created_at) - ToUnixSeconds(*held);
  }
  if (row.activated_at) {
    stages.to_approval =
        ToUnixSeconds(*row.activated_at) - ToUnixSeconds(row.created_at);
  }
  if (row.activated_at && row.closed_at) {
    stages.in_force =
        ToUnixSeconds(*row.closed_at) - ToUnixSeconds(*row.activated_at);
  }
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& orders = lease.Prepare(
      "SELECT max(delivered_at), max(acked_at), count(*), count(delivered_at), "
      "count(acked_at), total(acked_at <= ack_due_at) FROM orders_view WHERE "
      "warning_id = ? AND kind IN ('enterprise_measures', 'school_notice', "
      "'unit_task', 'area_notice', 'site_measures') AND (acked_at IS NOT "
      "NULL OR ack_due_at <= ?2)");
  orders.bind(1, row.id);
  // An order counts once acknowledged or once its deadline passed while
  // the warning was open (canceled after it: late, not excused).
  orders.bind(2, row.closed_at ? ToUnixSeconds(*row.closed_at) : now);
  orders.executeStep();
  stages.to_last_delivery = Since(row.activated_at, orders.getColumn(0));
  stages.to_last_ack = Since(row.activated_at, orders.getColumn(1));
  stages.orders = orders.getColumn(2).getInt64();
  stages.delivered = orders.getColumn(3).getInt64();
  stages.acknowledged = orders.getColumn(4).getInt64();
  stages.on_time = static_cast<int64_t>(orders.getColumn(5).getDouble());
  if (stages.orders > 0) {
    stages.on_time_pct = 100.0 * static_cast<double>(stages.on_time) /
                         static_cast<double>(stages.orders);
  }
  SQLite::Statement& inspected = lease.Prepare(
      "SELECT min(captured_at) FROM inspections_view WHERE warning_id = ?");
  inspected.bind(1, row.id);
  inspected.executeStep();
  stages.to_first_inspection = Since(row.activated_at, inspected.getColumn(0));
  return stages;
}

std::vector<NoticeAnswer> AnsweredNotices(ReadTx& tx, const Warning& row) {
  std::vector<NoticeAnswer> answered;
  if (row.exercise || !row.activated_at) return answered;
  const std::vector<std::string> covered = CoveredAreas(tx, row.areas);
  const bool lifted = row.status == "lifted" && row.closed_at;
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT id, document_no, level, areas, starts_at, respond_by, "
      "created_at FROM regional_notices_view WHERE created_at <= ?1 AND "
      "created_at > ?1 - ?2 ORDER BY seq");
  const TimePoint until = lifted ? *row.closed_at : *row.activated_at;
  query.bind(1, ToUnixSeconds(until));
  query.bind(2, kNoticeReach);
  while (query.executeStep()) {
    const std::string level = query.getColumn(2).getString();
    const auto areas = nlohmann::json::parse(query.getColumn(3).getString())
                           .get<std::vector<std::string>>();
    const bool lift = level == "none";
    if ((lift && !lifted) || !Overlap(areas, covered)) continue;
    const TimePoint created = FromUnixSeconds(query.getColumn(6).getInt64());
    if (!lift && (LevelRank(row.level) < LevelRank(level) ||
                  created > *row.activated_at)) {
      continue;
    }
    NoticeAnswer a{.id = query.getColumn(0).getString(),
                   .document_no = query.getColumn(1).getString(),
                   .level = level,
                   .starts_at = FromUnixSeconds(query.getColumn(4).getInt64()),
                   .respond_by = FromUnixSeconds(query.getColumn(5).getInt64()),
                   .answered_at = lift ? *row.closed_at : *row.activated_at};
    a.response_s = ToUnixSeconds(a.answered_at) - ToUnixSeconds(a.starts_at);
    a.on_time = a.answered_at <= a.respond_by;
    answered.push_back(std::move(a));
  }
  return answered;
}

std::vector<Finding> ReadFindings(ReadTx& tx, const std::string& warning_id) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT id, text, created_by, created_at FROM evaluation_findings "
      "WHERE warning_id = ? ORDER BY seq");
  query.bind(1, warning_id);
  std::vector<Finding> findings;
  while (query.executeStep()) {
    findings.push_back({query.getColumn(0).getString(),
                        query.getColumn(1).getString(),
                        query.getColumn(2).getString(),
                        FromUnixSeconds(query.getColumn(3).getInt64())});
  }
  return findings;
}

void AddForecastEvents(ReadTx& tx, const Warning& row,
                       const std::vector<NoticeAnswer>& answered,
                       std::vector<TimelineEvent>* timeline) {
  std::vector<TimelineEvent> events;  // before the decisions at the same time
  if (!row.consultation_id.empty()) {
    SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
        "SELECT held_at, created_by FROM consultations_view WHERE id = ?");
    query.bind(1, row.consultation_id);
    if (query.executeStep()) {
      events.push_back({FromUnixSeconds(query.getColumn(0).getInt64()),
                        "consultation", query.getColumn(1).getString()});
    }
  }
  for (const NoticeAnswer& a : answered) {
    events.push_back({a.starts_at, "regional_notice", a.document_no});
  }
  timeline->insert(timeline->begin(), events.begin(), events.end());
}

}  // namespace hazegate::internal
