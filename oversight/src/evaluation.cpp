#include "hazegate/oversight/evaluation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <vector>

#include "evaluation_parts.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/ids.h"
#include "hazegate/core/json.h"
#include "hazegate/core/store.h"
#include "hazegate/core/text_field.h"
#include "hazegate/orders/order_tallies.h"
#include "hazegate/warnings/warning_rows.h"

namespace hazegate {

namespace {

// Seconds from order to acknowledgement: nearest-rank p50, p90 and max.
AckLatency Percentiles(std::vector<int64_t> latencies) {
  if (latencies.empty()) return {};
  std::sort(latencies.begin(), latencies.end());
  const auto rank = [&](double p) {
    const size_t index = static_cast<size_t>(
        std::ceil(p * static_cast<double>(latencies.size())));
    return latencies[std::max<size_t>(index, 1) - 1];
  };
  return {rank(0.5), rank(0.9), latencies.back()};
}

// An SQL condition: the org in `column` lies in area ?3 (or ?3 is ''). A
// query without its own ?2 leaves it unbound.
std::string InArea(const char* column) {
  return std::string("(?3 = '' OR ") + column +
         " IN (SELECT id FROM orgs_view WHERE area = ?3))";
}

}  // namespace

namespace internal {

ReportTally Reports(ReadTx& tx, const std::string& id, int64_t now,
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
  ReportTally reports{.due = dues.getColumn(0).getInt64(),
                      .received = dues.getColumn(1).getInt64(),
                      .late = dues.getColumn(2).getInt64(),
                      .missing = dues.getColumn(3).getInt64(),
                      .filed = 0,
                      .figures = {}};
  SQLite::Statement& filed = lease.Prepare(
      "SELECT count(*) FROM order_reports r JOIN orders_view o ON o.id = "
      "r.order_id WHERE o.warning_id = ?1 AND " +
      InArea("r.org"));
  filed.bind(1, id);
  filed.bind(3, area);
  filed.executeStep();
  reports.filed = filed.getColumn(0).getInt64();
  SQLite::Statement& figures = lease.Prepare(
      "SELECT f.key, sum(f.value) FROM order_reports r JOIN orders_view o ON "
      "o.id "
      "= r.order_id, json_each(r.figures) f WHERE o.warning_id = ?1 AND " +
      InArea("r.org") + " GROUP BY f.key ORDER BY f.key");
  figures.bind(1, id);
  figures.bind(3, area);
  while (figures.executeStep()) {
    reports.figures[figures.getColumn(0).getString()] =
        figures.getColumn(1).getDouble();
  }
  return reports;
}

InspectionTally Inspections(ReadTx& tx, const std::string& id,
                            const std::string& area) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& verdicts = lease.Prepare(
      "SELECT count(*), sum(verdict = 'compliant'), sum(verdict = "
      "'non_compliant') FROM inspections_view WHERE warning_id = ?1 AND " +
      InArea("site"));
  verdicts.bind(1, id);
  verdicts.bind(3, area);
  verdicts.executeStep();
  InspectionTally inspections{.total = verdicts.getColumn(0).getInt64(),
                              .compliant = verdicts.getColumn(1).getInt64(),
                              .non_compliant = verdicts.getColumn(2).getInt64(),
                              .flags = {}};
  SQLite::Statement& flags = lease.Prepare(
      "SELECT f.flag, count(*) FROM inspection_flags_view f JOIN "
      "inspections_view i ON "
      "i.id = f.inspection_id WHERE i.warning_id = ?1 AND " +
      InArea("i.site") + " GROUP BY f.flag");
  flags.bind(1, id);
  flags.bind(3, area);
  while (flags.executeStep()) {
    inspections.flags[flags.getColumn(0).getString()] =
        flags.getColumn(1).getInt64();
  }
  return inspections;
}

CaseTally Cases(ReadTx& tx, const std::string& id, const std::string& area) {
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
  return {query.getColumn(0).getInt64(), query.getColumn(1).getInt64(),
          query.getColumn(2).getInt64(), query.getColumn(3).getInt64()};
}

// The warning's decisions from the audit trail, and its fan-out.
std::vector<TimelineEvent> Timeline(ReadTx& tx, const Warning& row) {
  Store::Lease& lease = Store::LeaseOf(tx);
  std::vector<TimelineEvent> timeline;
  SQLite::Statement& audit = lease.Prepare(
      "SELECT at, action, actor FROM audit_view WHERE object_type = 'warning' "
      "AND object_id = ? ORDER BY seq");
  audit.bind(1, row.id);
  while (audit.executeStep()) {
    std::string event = audit.getColumn(1).getString();
    if (event.rfind("warning.", 0) == 0) event = event.substr(8);
    timeline.push_back({FromUnixSeconds(audit.getColumn(0).getInt64()), event,
                        audit.getColumn(2).getString()});
  }
  if (row.activated_at) {
    timeline.push_back(
        {*row.activated_at, "activated",
         row.approved_by.empty() ? row.proposed_by : row.approved_by});
  }
  if (row.closed_at && row.status == "superseded") {
    timeline.push_back({*row.closed_at, "superseded", std::nullopt});
  }
  return timeline;
}

}  // namespace internal

namespace {

// By the second, as the times are shown.
void SortByTime(std::vector<TimelineEvent>* timeline) {
  std::stable_sort(timeline->begin(), timeline->end(),
                   [](const TimelineEvent& a, const TimelineEvent& b) {
                     return ToUnixSeconds(a.at) < ToUnixSeconds(b.at);
                   });
}

}  // namespace

EvaluationService::EvaluationService(Store& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Result<Summary> EvaluationService::Summary(const std::string& id,
                                           const std::string& area) const {
  ReadTx tx(store_);
  try {
    auto row = internal::LoadWarning(tx, id);
    if (!row) return Error::NotFound("warning " + id);
    internal::CountOrders(tx, &*row);
    const int64_t now = ToUnixSeconds(clock_.Now());
    const int64_t end = row->closed_at ? ToUnixSeconds(*row->closed_at) : now;
    hazegate::Summary summary;
    summary.orders = internal::TallyOrders(tx, id, end, area);
    summary.ack_latency_s = Percentiles(std::move(summary.orders.latencies));
    summary.orders.latencies.clear();
    summary.timeline = internal::Timeline(tx, *row);
    summary.stages = internal::TimeStages(tx, *row, now);
    summary.regional_notices = internal::AnsweredNotices(tx, *row);
    summary.findings = internal::ReadFindings(tx, id);
    internal::AddForecastEvents(tx, *row, summary.regional_notices,
                                &summary.timeline);
    SortByTime(&summary.timeline);
    summary.reports = internal::Reports(tx, id, now, area);
    summary.inspections = internal::Inspections(tx, id, area);
    summary.cases = internal::Cases(tx, id, area);
    summary.reduction = internal::AccountReductions(tx, *row, area);
    summary.area = area;
    summary.warning = std::move(*row);
    return summary;
  } catch (const std::exception& e) {
    return Error::Internal("summarizing " + id + ": " + e.what());
  }
}

Result<ReductionAccount> EvaluationService::Reduction(
    const std::string& id, const std::string& area) const {
  ReadTx tx(store_);
  try {
    const auto row = internal::LoadWarning(tx, id);
    if (!row) return Error::NotFound("warning " + id);
    return internal::AccountReductions(tx, *row, area);
  } catch (const std::exception& e) {
    return Error::Internal("reduction account of " + id + ": " + e.what());
  }
}

Result<Finding> EvaluationService::AddFinding(const std::string& warning_id,
                                              const std::string& text,
                                              const std::string& by) {
  if (Status ok = CheckTextField("text", text, 2000); !ok.ok()) {
    return ok.error();
  }
  try {
    WriteTx tx(store_);
    if (!internal::LoadWarning(tx, warning_id)) {
      return Error::NotFound("warning " + warning_id);
    }
    const Finding finding{NewId("fnd-"), text, by, clock_.Now()};
    SQLite::Statement& insert = Store::LeaseOf(tx).Prepare(
        "INSERT INTO evaluation_findings (id, warning_id, text, created_by, "
        "created_at) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, finding.id);
    insert.bind(2, warning_id);
    insert.bind(3, text);
    insert.bind(4, by);
    insert.bind(5, ToUnixSeconds(finding.at));
    insert.exec();
    RecordAudit(tx,
                {by, "warning.finding", "warning", warning_id,
                 nlohmann::json{{"finding", finding.id}}.dump()},
                finding.at);
    tx.Commit();
    return finding;
  } catch (const std::exception& e) {
    return Error::Internal("finding on " + warning_id + ": " + e.what());
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
