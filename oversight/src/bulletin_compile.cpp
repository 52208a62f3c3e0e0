// A bulletin's figures from the live data, read in the caller's
// transaction through the rooms' views (bulletin_parts.h).
#include <nlohmann/json.hpp>

#include "bulletin_parts.h"
#include "evaluation_parts.h"
#include "hazegate/config/reduction.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/order_tallies.h"
#include "hazegate/warnings/warning_rows.h"

namespace hazegate::internal {

namespace {

constexpr int64_t kDay = 24 * 3600;

std::map<std::string, BulletinCounts> Counts(
    const std::map<std::string, OrderCounts>& tallies) {
  std::map<std::string, BulletinCounts> counts;
  for (const auto& [key, c] : tallies) {
    counts[key] = {c.total, c.received, c.acknowledged, c.on_time, c.overdue};
  }
  return counts;
}

// Stop: every measure of the order a stop; limit: any other.
std::map<std::string, BulletinEnterprises> Enterprises(ReadTx& tx,
                                                       const std::string& id) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT o.measures, o.acked_at IS NOT NULL, EXISTS (SELECT 1 FROM "
      "inspections_view i WHERE i.site = o.org AND i.warning_id = ?1 AND "
      "i.verdict = 'compliant') AND NOT EXISTS (SELECT 1 FROM "
      "inspections_view i WHERE i.site = o.org AND i.warning_id = ?1 AND "
      "i.verdict = 'non_compliant') FROM orders_view o WHERE o.warning_id = "
      "?1 AND o.kind = 'enterprise_measures' AND o.status != 'canceled'");
  query.bind(1, id);
  std::map<std::string, BulletinEnterprises> enterprises{{"stop", {}},
                                                         {"limit", {}}};
  while (query.executeStep()) {
    const auto measures = MeasuresOf(query.getColumn(0).getString());
    const bool stop =
        !measures.empty() &&
        std::all_of(measures.begin(), measures.end(),
                    [](const Measure& m) { return m.action == "stop"; });
    BulletinEnterprises& e = enterprises[stop ? "stop" : "limit"];
    ++e.ordered;
    if (query.getColumn(1).getInt() != 0) ++e.acknowledged;
    if (query.getColumn(2).getInt() != 0) ++e.verified;
  }
  return enterprises;
}

std::map<std::string, BulletinPollutant> Reduction(ReadTx& tx,
                                                   const Warning& row) {
  const ReductionAccount account = AccountReductions(tx, row, "");
  std::map<std::string, BulletinPollutant> reduction;
  for (size_t i = 0; i < kPollutants.size(); ++i) {
    const PollutantAccount& p = account.pollutants[i];
    reduction[kPollutants[i]] = {p.baseline_t_per_d, p.planned, p.acknowledged,
                                 p.verified, p.target_pct};
  }
  return reduction;
}

// The warning's decisions and the cases opened in the 24 hours to `now`.
std::vector<BulletinEvent> Events(ReadTx& tx, const Warning& row, int64_t now) {
  std::vector<std::pair<int64_t, BulletinEvent>> events;
  for (const TimelineEvent& e : Timeline(tx, row)) {
    const int64_t at = ToUnixSeconds(e.at);
    if (at > now - kDay && at <= now) {
      events.push_back({at, {FormatRfc3339(e.at), e.event, e.by.value_or("")}});
    }
  }
  SQLite::Statement& cases = Store::LeaseOf(tx).Prepare(
      "SELECT c.opened_at, c.type, ifnull(g.name, c.site) FROM cases_view c "
      "LEFT JOIN orgs_view g ON g.id = c.site WHERE c.warning_id = ?1 AND "
      "c.opened_at > ?2 AND c.opened_at <= ?3");
  cases.bind(1, row.id);
  cases.bind(2, now - kDay);
  cases.bind(3, now);
  while (cases.executeStep()) {
    const int64_t at = cases.getColumn(0).getInt64();
    events.push_back({at,
                      {FormatRfc3339(FromUnixSeconds(at)),
                       "case_" + cases.getColumn(1).getString(),
                       cases.getColumn(2).getString()}});
  }
  std::stable_sort(
      events.begin(), events.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<BulletinEvent> sorted;
  for (auto& [at, e] : events) sorted.push_back(std::move(e));
  return sorted;
}

BulletinWarning CompileWarning(ReadTx& tx, const Warning& row, int64_t now) {
  const OrderTallies tallies = TallyOrders(tx, row.id, now, "");
  const ReportTally reports = Reports(tx, row.id, now, "");
  const InspectionTally inspections = Inspections(tx, row.id, "");
  const CaseTally cases = Cases(tx, row.id, "");
  return {
      .id = row.id,
      .level = row.level,
      .headline = row.headline,
      .activated_at = FormatRfc3339(row.activated_at.value_or(row.starts_at)),
      .exercise = row.exercise,
      .areas = row.areas,
      .by_kind = Counts(tallies.by_kind),
      .by_area = Counts(tallies.by_area),
      .enterprises = Enterprises(tx, row.id),
      .inspections = inspections.total,
      .compliant = inspections.compliant,
      .non_compliant = inspections.non_compliant,
      .cases_opened = cases.opened,
      .cases_closed = cases.closed,
      .cases_penalized = cases.penalized,
      .reports_due = reports.due,
      .reports_received = reports.received,
      .reports_late = reports.late,
      .reports_missing = reports.missing,
      .reduction = Reduction(tx, row),
      .events = Events(tx, row, now)};
}

}  // namespace

std::vector<std::string> RealWarningsInForce(ReadTx& tx) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT id FROM warnings_view WHERE status = 'active' AND NOT exercise "
      "ORDER BY activated_at");
  std::vector<std::string> ids;
  while (query.executeStep()) ids.push_back(query.getColumn(0).getString());
  return ids;
}

BulletinFigures CompileFigures(ReadTx& tx, const std::vector<Warning>& rows,
                               TimePoint now) {
  BulletinFigures figures{FormatRfc3339(now), {}};
  for (const Warning& row : rows) {
    figures.warnings.push_back(CompileWarning(tx, row, ToUnixSeconds(now)));
  }
  return figures;
}

}  // namespace hazegate::internal
