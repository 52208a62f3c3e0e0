// Implementation reports (落实情况报告): filed by orgs on their orders, read
// back by the office, counties and the orgs themselves, and the plan's
// reporting schedule they settle. The only writer of order_reports and
// report_dues. Thread-safe; Store and Clock outlive it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/config/csv.h"
#include "hazegate/config/directory.h"
#include "hazegate/config/plan_settings.h"
#include "hazegate/core/actor.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"
#include "hazegate/warnings/warning_events.h"

namespace hazegate {

// Whose implementation reports a reader may see: all (office, command),
// those of the orgs in the area of `org` (a county), `org`'s own and those
// of the kinds `org` supervises (a member unit's sector, issue 23: within
// its area unless that is the prefecture), or `org`'s own.
struct ReportScope {
  enum class Kind { kAll, kAreaOfOrg, kSectorOfOrg, kOwnOrg };
  Kind kind = Kind::kOwnOrg;
  std::string org;
};

// Narrows a warning's reports: one org, one org kind ("" = any).
struct ReportFilter {
  std::string org;
  std::string kind;
};

// An implementation report as stored.
struct FiledReport {
  std::string id, order_id;
  std::string warning_id;  // "" for an order outside a warning
  std::string org;
  std::string author;  // the username that filed it
  std::string text;
  // {name: number} as the client sent them, compact JSON text: stored and
  // hashed as sent (5 and 5.0 stay apart).
  std::string figures_json = "{}";
  TimePoint created_at{};
};

// POST /orders/{id}/reports as the edge reads it.
struct ReportRequest {
  std::string id;  // the client's, "" = none
  std::string text;
  std::map<std::string, double> figures;
  std::string figures_json = "{}";  // the same figures as sent
};

struct ReportOutcome {
  bool created = false;  // false: a replay of a stored report
  FiledReport report;
};

// A report owed under the plan's reporting schedule.
struct ReportOwed {
  std::string org;
  std::string kind;  // the org's
  std::string order_id, rule, title;
  std::vector<FigureSpec> figures;
  TimePoint due_at{};
  std::string status;     // due | received | late | missing
  std::string report_id;  // "" until one settles it
};

// A sector's part in a warning (issue 23): of the orgs of `kind` the
// reader's unit supervises, how many were ordered, acknowledged, and filed
// a report — what its own daily report states ("学校落实 N 所 / 应落实 M 所").
struct SectorTally {
  std::string kind;
  int64_t orders = 0, acknowledged = 0, reported = 0;
};

class ReportService {
 public:
  ReportService(Store& store, const Clock& clock);

  // The reports on one order, newest first. kNotFound if the order is
  // unknown or outside `scope`.
  Result<std::vector<FiledReport>> OrderReports(const std::string& order_id,
                                                const ReportScope& scope) const;

  // A warning's reports within `scope`, newest first, paged; kNotFound for
  // an unknown warning.
  Result<std::vector<FiledReport>> WarningReports(
      const std::string& warning_id, const ReportFilter& filter,
      const ReportScope& scope, const PageRequest& page) const;

  // The same as CSV (UTF-8 with BOM) for a spreadsheet, one page from
  // `cursor` (0 = the first, with the header), newest first.
  Result<CsvPage> WarningReportsCsv(const std::string& warning_id,
                                    const ReportFilter& filter,
                                    const ReportScope& scope,
                                    int64_t cursor) const;

  // GET /warnings/{id}/sector: the sectors `org` supervises (the plan's
  // `supervises`; within its county for a county's unit), by org kind;
  // empty if it supervises none. kNotFound for an unknown warning.
  Result<std::vector<SectorTally>> Sectors(const std::string& warning_id,
                                           const std::string& org) const;

  // GET /warnings/{id}/reporting: every report owed under the plan's
  // reporting schedule within `scope`, by deadline. kNotFound for an
  // unknown warning.
  Result<std::vector<ReportOwed>> Reporting(const std::string& warning_id,
                                            const ReportScope& scope) const;

  // Files a report on the org's order: `text` 1-4,000 characters without
  // control characters but newline; at most 50 figures, each finite,
  // 0 <= v <= 10^9 (or its template's `max`); with a template for the org
  // (the plan's reporting schedule) exactly its figures (kInvalidInput names
  // the field). The same client `id` with the same content is a replay
  // (created false, the first report); other content under it, or a 21st
  // report on the order, is kConflict. A new report settles the oldest one
  // the org owes.
  static constexpr int kMaxReportsPerOrder = 20;
  Result<ReportOutcome> Report(const std::string& order_id,
                               const ReportRequest& request,
                               const Actor& actor);

 private:
  Store& store_;
  const Clock& clock_;
};

// The reporting schedule as a listener of warnings: a fan-out schedules the
// first reports owed, a warning's end drops those not yet due.
class ReportingSchedule final : public WarningEvents {
 public:
  void FannedOut(WriteTx& tx, const std::string& warning_id,
                 const std::string& level,
                 const std::vector<FannedOutOrder>& orders,
                 TimePoint now) override;
  void Ended(WriteTx& tx, const std::string& warning_id,
             TimePoint now) override;
};

}  // namespace hazegate
