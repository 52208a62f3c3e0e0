// Implementation reports (落实情况报告): filed by orgs on their orders, read
// back by the office, counties and the orgs themselves, and the plan's
// reporting schedule they settle. The only writer of order_reports and
// report_dues. Thread-safe; Store and Clock outlive it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hazegate/config/csv.h"
#include "hazegate/config/directory.h"
#include "hazegate/core/actor.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"
#include "hazegate/warnings/warning_events.h"

namespace hazegate {

// Whose implementation reports a reader may see: all (office, command),
// those of the orgs in the area of `org` (a county), or `org`'s own.
struct ReportScope {
  enum class Kind { kAll, kAreaOfOrg, kOwnOrg };
  Kind kind = Kind::kOwnOrg;
  std::string org;
};

// Narrows a warning's reports: one org, one org kind ("" = any).
struct ReportFilter {
  std::string org;
  std::string kind;
};

struct ReportOutcome {
  bool created = false;  // false: a replay of a stored report
  nlohmann::json body;
};

class ReportService {
 public:
  ReportService(Store& store, const Clock& clock);

  // The reports on one order, newest first: [{id, order_id, warning_id,
  // org, text, figures, created_at, by}]. kNotFound if the order is unknown
  // or outside `scope`.
  Result<nlohmann::json> OrderReports(const std::string& order_id,
                                      const ReportScope& scope) const;

  // A warning's reports within `scope`, newest first, paged; kNotFound for
  // an unknown warning.
  Result<nlohmann::json> WarningReports(const std::string& warning_id,
                                        const ReportFilter& filter,
                                        const ReportScope& scope,
                                        const PageRequest& page) const;

  // The same as CSV (UTF-8 with BOM) for a spreadsheet, one page from
  // `cursor` (0 = the first, with the header), newest first.
  Result<CsvPage> WarningReportsCsv(const std::string& warning_id,
                                    const ReportFilter& filter,
                                    const ReportScope& scope,
                                    int64_t cursor) const;

  // GET /warnings/{id}/reporting: every report owed under the plan's
  // reporting schedule within `scope`, by deadline: [{org, kind (the org's),
  // rule, title, due_at, status: due|received|late|missing, report_id?}].
  // kNotFound for an unknown warning.
  Result<nlohmann::json> Reporting(const std::string& warning_id,
                                   const ReportScope& scope) const;

  // POST /orders/{id}/reports: {id?, text, figures?: {name: number}}.
  // `text` 1-4,000 characters without control characters but newline;
  // each figure finite, 0 <= v <= 10^9 (or its template's `max`); with a
  // template for the org (the plan's reporting schedule) exactly its
  // figures (kInvalidInput names the field). The same client `id` with the
  // same content is a replay (created false, the first body); other
  // content under it, or a 21st report on the order, is kConflict. A new
  // report settles the oldest one the org owes.
  static constexpr int kMaxReportsPerOrder = 20;
  Result<ReportOutcome> Report(const std::string& order_id,
                               const nlohmann::json& request,
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
