// ReportService's reads of implementation reports: one order's, a
// warning's (JSON and CSV), within the reader's scope.
#include "hazegate/config/csv.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/store.h"
#include "hazegate/oversight/reports.h"
#include "reporting_rules.h"

namespace hazegate {

namespace {

// The columns ReportFrom reads, for "... FROM order_reports r JOIN orders_view
// o ON o.id = r.order_id JOIN orgs_view g ON g.id = r.org".
constexpr const char* kReportColumns =
    "r.id, r.order_id, o.warning_id, r.org, r.text, r.figures, r.created_at, "
    "r.author, g.name, g.kind, r.seq";

// The scope as SQL over orgs g; binds ?9 (the scope's org).
std::string ScopeCondition(const ReportScope& scope) {
  switch (scope.kind) {
    case ReportScope::Kind::kAll:
      return "?9 = ?9";
    case ReportScope::Kind::kAreaOfOrg:
      return "g.area = (SELECT area FROM orgs_view WHERE id = ?9)";
    case ReportScope::Kind::kSectorOfOrg:
      return "(g.id = ?9 OR EXISTS (SELECT 1 FROM orgs_view u, "
             "json_each(u.details, '$.supervises') k JOIN areas_view a ON "
             "a.code = u.area WHERE u.id = ?9 AND k.value = g.kind AND "
             "(a.kind = 'prefecture' OR g.area = u.area)))";
    case ReportScope::Kind::kOwnOrg:
      break;
  }
  return "g.id = ?9";
}

FiledReport ReportFrom(SQLite::Statement& row) {
  return {.id = row.getColumn(0).getString(),
          .order_id = row.getColumn(1).getString(),
          .warning_id = TextOrEmpty(row.getColumn(2)),
          .org = row.getColumn(3).getString(),
          .author = row.getColumn(7).getString(),
          .text = row.getColumn(4).getString(),
          .figures_json = row.getColumn(5).getString(),
          .created_at = FromUnixSeconds(row.getColumn(6).getInt64())};
}

bool WarningExists(ReadTx& tx, const std::string& id) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query =
      lease.Prepare("SELECT 1 FROM warnings_view WHERE id = ?");
  query.bind(1, id);
  return query.executeStep();
}

// Visits the warning's reports within the scope and filter, newest first,
// before `before` (a report seq), at most `limit`.
template <typename Visit>
void VisitWarningReports(ReadTx& tx, const std::string& warning_id,
                         const ReportFilter& filter, const ReportScope& scope,
                         int64_t before, int limit, Visit visit) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      std::string("SELECT ") + kReportColumns +
      " FROM order_reports r JOIN orders_view o ON o.id = r.order_id JOIN "
      "orgs_view g "
      "ON g.id = r.org WHERE o.warning_id = ?1 AND (?2 = '' OR r.org = ?2) "
      "AND (?3 = '' OR g.kind = ?3) AND r.seq < ?4 AND " +
      ScopeCondition(scope) + " ORDER BY r.seq DESC LIMIT ?5");
  query.bind(1, warning_id);
  query.bind(2, filter.org);
  query.bind(3, filter.kind);
  query.bind(4, before);
  query.bind(5, limit);
  query.bind(9, scope.org);
  while (query.executeStep()) visit(query);
}

}  // namespace

Result<std::vector<FiledReport>> ReportService::OrderReports(
    const std::string& order_id, const ReportScope& scope) const {
  ReadTx tx(store_);
  Store::Lease& lease = Store::LeaseOf(tx);
  try {
    SQLite::Statement& order = lease.Prepare(
        "SELECT 1 FROM orders_view o JOIN orgs_view g ON g.id = o.org WHERE "
        "o.id = ?1 "
        "AND " +
        ScopeCondition(scope));
    order.bind(1, order_id);
    order.bind(9, scope.org);
    if (!order.executeStep()) return Error::NotFound("order " + order_id);
    SQLite::Statement& query = lease.Prepare(
        std::string("SELECT ") + kReportColumns +
        " FROM order_reports r JOIN orders_view o ON o.id = r.order_id JOIN "
        "orgs_view g "
        "ON g.id = r.org WHERE r.order_id = ? ORDER BY r.seq DESC");
    query.bind(1, order_id);
    std::vector<FiledReport> list;
    while (query.executeStep()) list.push_back(ReportFrom(query));
    return list;
  } catch (const std::exception& e) {
    return Error::Internal("reading reports of " + order_id + ": " + e.what());
  }
}

Result<std::vector<FiledReport>> ReportService::WarningReports(
    const std::string& warning_id, const ReportFilter& filter,
    const ReportScope& scope, const PageRequest& page) const {
  ReadTx tx(store_);
  try {
    if (!WarningExists(tx, warning_id)) {
      return Error::NotFound("warning " + warning_id);
    }
    const auto before = SeqBefore(tx, "order_reports", "id", page.before);
    if (!before.ok()) return before.error();
    std::vector<FiledReport> list;
    VisitWarningReports(
        tx, warning_id, filter, scope, before.value(), page.limit,
        [&](SQLite::Statement& row) { list.push_back(ReportFrom(row)); });
    return list;
  } catch (const std::exception& e) {
    return Error::Internal("reading reports of " + warning_id + ": " +
                           e.what());
  }
}

Result<std::vector<ReportOwed>> ReportService::Reporting(
    const std::string& warning_id, const ReportScope& scope) const {
  ReadTx tx(store_);
  try {
    if (!WarningExists(tx, warning_id)) {
      return Error::NotFound("warning " + warning_id);
    }
    return internal::ReportingStatus(tx, warning_id, ScopeCondition(scope),
                                     scope.org, clock_.Now());
  } catch (const std::exception& e) {
    return Error::Internal("reading the reporting of " + warning_id + ": " +
                           e.what());
  }
}

Result<CsvPage> ReportService::WarningReportsCsv(const std::string& warning_id,
                                                 const ReportFilter& filter,
                                                 const ReportScope& scope,
                                                 int64_t cursor) const {
  ReadTx tx(store_);
  try {
    if (!WarningExists(tx, warning_id)) {
      return Error::NotFound("warning " + warning_id);
    }
    CsvPage page;
    if (cursor == 0) {
      page.text =
          "\xEF\xBB\xBF"
          "id,order_id,org,org_name,org_kind,by,created_at,text,figures\r\n";
    }
    int rows = 0;
    VisitWarningReports(
        tx, warning_id, filter, scope, cursor == 0 ? INT64_MAX : cursor,
        kCsvPageRows, [&](SQLite::Statement& row) {
          const FiledReport report = ReportFrom(row);
          page.next = row.getColumn(10).getInt64();
          ++rows;
          page.text += CsvLine(
              {CsvCell(report.id), CsvCell(report.order_id),
               CsvCell(report.org), CsvCell(row.getColumn(8).getString()),
               CsvCell(row.getColumn(9).getString()), CsvCell(report.author),
               CsvCell(FormatRfc3339(report.created_at)), CsvCell(report.text),
               CsvCell(report.figures_json)});
        });
    page.done = rows < kCsvPageRows;
    return page;
  } catch (const std::exception& e) {
    return Error::Internal("exporting reports of " + warning_id + ": " +
                           e.what());
  }
}

Result<std::vector<SectorTally>> ReportService::Sectors(
    const std::string& warning_id, const std::string& org) const {
  try {
    ReadTx tx(store_);
    if (!WarningExists(tx, warning_id)) {
      return Error::NotFound("warning " + warning_id);
    }
    SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
        "SELECT g.kind, count(DISTINCT o.org), count(DISTINCT CASE WHEN "
        "o.acked_at IS NOT NULL THEN o.org END), count(DISTINCT CASE WHEN "
        "EXISTS (SELECT 1 FROM order_reports r WHERE r.order_id = o.id) THEN "
        "o.org END) FROM orders_view o JOIN orgs_view g ON g.id = o.org WHERE "
        "o.warning_id = ?1 AND o.status != 'canceled' AND o.kind IN "
        "('enterprise_measures', 'school_notice', 'site_measures') AND g.id "
        "!= ?9 AND " +
        ScopeCondition({ReportScope::Kind::kSectorOfOrg, org}) +
        " GROUP BY g.kind ORDER BY g.kind");
    query.bind(1, warning_id);
    query.bind(9, org);
    std::vector<SectorTally> sectors;
    while (query.executeStep()) {
      sectors.push_back(
          {query.getColumn(0).getString(), query.getColumn(1).getInt64(),
           query.getColumn(2).getInt64(), query.getColumn(3).getInt64()});
    }
    return sectors;
  } catch (const std::exception& e) {
    return Error::Internal("sectors of " + org + ": " + e.what());
  }
}

}  // namespace hazegate
