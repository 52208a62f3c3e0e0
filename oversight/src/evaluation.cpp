#include "hazegate/oversight/evaluation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <vector>

#include "evaluation_parts.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/json.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/order_json.h"
#include "hazegate/orders/order_tallies.h"
#include "hazegate/warnings/warning_json.h"
#include "hazegate/warnings/warning_rows.h"

namespace hazegate {

using nlohmann::json;

namespace {

// Seconds from order to acknowledgement: nearest-rank p50, p90 and max.
json Percentiles(std::vector<int64_t> latencies) {
  if (latencies.empty()) {
    return {{"p50", nullptr}, {"p90", nullptr}, {"max", nullptr}};
  }
  std::sort(latencies.begin(), latencies.end());
  const auto rank = [&](double p) {
    const size_t index = static_cast<size_t>(
        std::ceil(p * static_cast<double>(latencies.size())));
    return latencies[std::max<size_t>(index, 1) - 1];
  };
  return {{"p50", rank(0.5)}, {"p90", rank(0.9)}, {"max", latencies.back()}};
}

// An SQL condition: the org in `column` lies in area ?3 (or ?3 is ''). A
// query without its own ?2 leaves it unbound.
std::string InArea(const char* column) {
  return std::string("(?3 = '' OR ") + column +
         " IN (SELECT id FROM orgs_view WHERE area = ?3))";
}

json Reports(ReadTx& tx, const std::string& id, int64_t now,
             const std::string& area) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& dues = lease.Prepare(
      "SELECT sum(report_id IS NULL AND due_at > ?2), sum(reported_at <= "
      "due_at), sum(reported_at > due_at), sum(report_id IS NULL AND due_at "
      "<= ?2) FROM report_dues WHERE warning_id = ?1 AND " +
      InArea("org"));
  dues.bind(1, id);
  dues.bind(2, now);
  dues.bind(3, area);
  dues.executeStep();
  json reports = {{"due", dues.getColumn(0).getInt64()},
                  {"received", dues.getColumn(1).getInt64()},
                  {"late", dues.getColumn(2).getInt64()},
                  {"missing", dues.getColumn(3).getInt64()},
                  {"filed", 0},
                  {"figures", json::object()}};
  SQLite::Statement& filed = lease.Prepare(
      "SELECT count(*) FROM order_reports r JOIN orders_view o ON o.id = "
      "r.order_id WHERE o.warning_id = ?1 AND " +
      InArea("r.org"));
  filed.bind(1, id);
  filed.bind(3, area);
  filed.executeStep();
  reports["filed"] = filed.getColumn(0).getInt64();
  SQLite::Statement& figures = lease.Prepare(
      "SELECT f.key, sum(f.value) FROM order_reports r JOIN orders_view o ON "
      "o.id "
      "= r.order_id, json_each(r.figures) f WHERE o.warning_id = ?1 AND " +
      InArea("r.org") + " GROUP BY f.key ORDER BY f.key");
  figures.bind(1, id);
  figures.bind(3, area);
  while (figures.executeStep()) {
    reports["figures"][figures.getColumn(0).getString()] =
        figures.getColumn(1).getDouble();
  }
  return reports;
}

json Inspections(ReadTx& tx, const std::string& id, const std::string& area) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& verdicts = lease.Prepare(
      "SELECT count(*), sum(verdict = 'compliant'), sum(verdict = "
      "'non_compliant') FROM inspections_view WHERE warning_id = ?1 AND " +
      InArea("site"));
  verdicts.bind(1, id);
  verdicts.bind(3, area);
  verdicts.executeStep();
  json inspections = {{"total", verdicts.getColumn(0).getInt64()},
                      {"compliant", verdicts.getColumn(1).getInt64()},
                      {"non_compliant", verdicts.getColumn(2).getInt64()},
                      {"flags", json::object()}};
  SQLite::Statement& flags = lease.Prepare(
      "SELECT f.flag, count(*) FROM inspection_flags_view f JOIN "
      "inspections_view i ON "
      "i.id = f.inspection_id WHERE i.warning_id = ?1 AND " +
      InArea("i.site") + " GROUP BY f.flag");
  flags.bind(1, id);
  flags.bind(3, area);
  while (flags.executeStep()) {
    inspections["flags"][flags.getColumn(0).getString()] =
        flags.getColumn(1).getInt64();
  }
  return inspections;
}

json Cases(ReadTx& tx, const std::string& id, const std::string& area) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT count(*), sum(c.status = 'closed'), sum(EXISTS (SELECT 1 FROM "
      "case_actions_view a WHERE a.case_id = c.id AND a.action = "
      "'record_penalty')), sum(EXISTS (SELECT 1 FROM case_actions_view a WHERE "
      "a.case_id = c.id AND a.action = 'refer_discipline')) FROM cases_view c "
      "WHERE c.warning_id = ?1 AND " +
      InArea("c.site"));
  query.bind(1, id);
  query.bind(3, area);
  query.executeStep();
  return {{"opened", query.getColumn(0).getInt64()},
          {"closed", query.getColumn(1).getInt64()},
          {"penalized", query.getColumn(2).getInt64()},
          {"referred", query.getColumn(3).getInt64()}};
}

// The warning's decisions from the audit trail, and its fan-out.
json Timeline(ReadTx& tx, const Warning& row) {
  Store::Lease& lease = Store::LeaseOf(tx);
  json timeline = json::array();
  SQLite::Statement& audit = lease.Prepare(
      "SELECT at, action, actor FROM audit_view WHERE object_type = 'warning' "
      "AND object_id = ? ORDER BY seq");
  audit.bind(1, row.id);
  while (audit.executeStep()) {
    std::string event = audit.getColumn(1).getString();
    if (event.rfind("warning.", 0) == 0) event = event.substr(8);
    timeline.push_back(
        {{"at", FormatRfc3339(FromUnixSeconds(audit.getColumn(0).getInt64()))},
         {"event", event},
         {"by", audit.getColumn(2).getString()}});
  }
  if (row.activated_at) {
    timeline.push_back(
        {{"at", FormatRfc3339(*row.activated_at)},
         {"event", "activated"},
         {"by", row.approved_by.empty() ? row.proposed_by : row.approved_by}});
  }
  if (row.closed_at && row.status == "superseded") {
    timeline.push_back({{"at", FormatRfc3339(*row.closed_at)},
                        {"event", "superseded"},
                        {"by", nullptr}});
  }
  std::stable_sort(
      timeline.begin(), timeline.end(), [](const json& a, const json& b) {
        return a["at"].get<std::string>() < b["at"].get<std::string>();
      });
  return timeline;
}

}  // namespace

EvaluationService::EvaluationService(Store& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Result<json> EvaluationService::Summary(const std::string& id,
                                        const std::string& area) const {
  ReadTx tx(store_);
  try {
    auto row = internal::LoadWarning(tx, id);
    if (!row) return Error::NotFound("warning " + id);
    internal::CountOrders(tx, &*row);
    const int64_t now = ToUnixSeconds(clock_.Now());
    const int64_t end = row->closed_at ? ToUnixSeconds(*row->closed_at) : now;
    auto tallies = internal::TallyOrders(tx, id, end, area);
    json orders = {{"by_kind", CountsToJson(tallies.by_kind)},
                   {"by_area", CountsToJson(tallies.by_area)}};
    json latency = Percentiles(std::move(tallies.latencies));
    return json{{"warning", WarningToJson(*row)},
                {"timeline", Timeline(tx, *row)},
                {"orders", std::move(orders)},
                {"ack_latency_s", std::move(latency)},
                {"reports", Reports(tx, id, now, area)},
                {"inspections", Inspections(tx, id, area)},
                {"cases", Cases(tx, id, area)},
                {"reduction", internal::ReductionAccount(tx, *row, area)},
                {"area", TextOrNull(area)}};
  } catch (const std::exception& e) {
    return Error::Internal("summarizing " + id + ": " + e.what());
  }
}

Result<json> EvaluationService::Reduction(const std::string& id,
                                          const std::string& area) const {
  ReadTx tx(store_);
  try {
    const auto row = internal::LoadWarning(tx, id);
    if (!row) return Error::NotFound("warning " + id);
    return internal::ReductionAccount(tx, *row, area);
  } catch (const std::exception& e) {
    return Error::Internal("reduction account of " + id + ": " + e.what());
  }
}

Result<std::string> EvaluationService::SummaryHtml(
    const std::string& id, const std::string& area) const {
  auto summary = Summary(id, area);
  if (!summary.ok()) return summary.error();
  ReadTx tx(store_);
  return internal::SummaryPage(tx, summary.value());
}

}  // namespace hazegate
