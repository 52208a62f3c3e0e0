// The plan's reporting schedule (plan setting "reporting", docs/plan.md):
// which orgs owe implementation reports, when, with which figures; the
// reports owed (table report_dues) from a warning's fan-out on; a report
// settling the oldest one owed; reminders and escalations of missing ones.
// Private to the oversight room; functions take the caller's transaction (a
// WriteTx where they write). Not thread-safe beyond it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/config/plan_settings.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"
#include "hazegate/oversight/reporting.h"
#include "hazegate/oversight/reports.h"
#include "hazegate/warnings/warning_events.h"

namespace hazegate::internal {

// A daily report's first deadline is at least this long after the order.
inline constexpr std::chrono::hours kFirstDailyLead{2};

class ReportingRules {
 public:
  explicit ReportingRules(ReadTx& tx);

  // The rule for `org` of `kind` at `level`: the first naming the org, else
  // the first naming its kind; nullopt if none.
  std::optional<ReportingRule> For(const std::string& org,
                                   const std::string& kind,
                                   const std::string& level) const;

  // The rule `rule_id` (a default one if the plan has none).
  ReportingRule Rule(const std::string& rule_id) const;
  std::string Title(const std::string& rule_id) const {
    return Rule(rule_id).title;
  }

 private:
  std::vector<ReportingRule> rules_;
};

// The first deadline of `rule` for an order created at `ordered_at`.
TimePoint FirstDue(const ReportingRule& rule, TimePoint ordered_at);

// After a fan-out, in its transaction: the first report owed by each
// recipient with a rule.
void ScheduleReports(WriteTx& tx, const std::string& warning_id,
                     const std::string& level,
                     const std::vector<FannedOutOrder>& orders, TimePoint now);

// Checks a report's figures against the org's template for the order's
// warning (every figure named, a number >= 0, nothing else): kInvalidInput
// on "figures.NAME". Without a template any numbers pass.
Status CheckFigures(ReadTx& tx, const std::string& order_id,
                    const std::map<std::string, double>& figures);

// In the report's transaction: settles the oldest report the org owes for
// the order's warning.
void SettleReportDue(WriteTx& tx, const std::string& order_id,
                     const std::string& org, const std::string& report_id,
                     TimePoint now);

// When a warning ends: reports not yet due are no longer owed.
void DropFutureReportDues(WriteTx& tx, const std::string& warning_id,
                          TimePoint now);

// GET /warnings/{id}/reporting: the reports owed, ordered by deadline;
// `visible` is an SQL condition on orgs g binding ?9 to `scope_org`.
std::vector<ReportOwed> ReportingStatus(ReadTx& tx,
                                        const std::string& warning_id,
                                        const std::string& visible,
                                        const std::string& scope_org,
                                        TimePoint now);

}  // namespace hazegate::internal
