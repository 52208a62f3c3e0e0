// A warning's evaluation (总结评估, seed 一.5 and 二.5): GET
// /warnings/{id}/summary, its JSON form in evaluation_json.h, and
// summary.html, a printable A4 page in Chinese. Every figure comes from SQL
// aggregates over the warning's orders, reports owed, inspections and cases,
// read through their rooms' views. Thread-safe; Store and Clock outlive it.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"
#include "hazegate/orders/order_tallies.h"
#include "hazegate/warnings/warning.h"

namespace hazegate {

// A decision on the warning (audit trail) or its fan-out.
struct TimelineEvent {
  TimePoint at{};
  std::string event;  // create, approve, reject, lift, activated, superseded
  std::optional<std::string> by;  // none for a supersession
};

// Seconds from order to acknowledgement: nearest-rank p50, p90 and max;
// none while nothing is acknowledged.
struct AckLatency {
  std::optional<int64_t> p50, p90, max;
};

struct ReportTally {
  int64_t due = 0, received = 0, late = 0, missing = 0;
  int64_t filed = 0;                      // reports received in all
  std::map<std::string, double> figures;  // summed by name
};

struct InspectionTally {
  int64_t total = 0, compliant = 0, non_compliant = 0;
  std::map<std::string, int64_t> flags;  // reports by evidence flag
};

struct CaseTally {
  int64_t opened = 0, closed = 0, penalized = 0, referred = 0;
};

// One pollutant's account in tonnes per day (rounded to 0.001).
struct PollutantAccount {
  double baseline_t_per_d = 0;
  double planned = 0, acknowledged = 0, verified = 0, in_doubt = 0;
  double target_pct = 0;
  std::optional<double> planned_pct;  // none without a baseline
};

// The covered enterprises' baseline; what the warning's enterprise orders
// remove (all, acknowledged, at sites inspected compliant and never
// non-compliant during it, and in doubt: unacknowledged or found
// non-compliant); by pollutant in config/reduction.h's kPollutants order.
struct ReductionAccount {
  std::array<PollutantAccount, 4> pollutants{};
};

// The stages drills are judged by (研判会商 → 审批发布 → 应急响应 → 督导检查
// → 预警解除), in seconds; none where the stage did not happen.
struct StageTimings {
  std::optional<int64_t> consultation_to_proposal;  // 研判会商 → 提出
  std::optional<int64_t> to_approval;               // 提出 → 生效
  std::optional<int64_t> to_last_delivery;          // 生效 → 最后送达
  std::optional<int64_t> to_last_ack;               // 生效 → 最后确认
  std::optional<int64_t> to_first_inspection;       // 生效 → 首次检查
  std::optional<int64_t> in_force;                  // 生效 → 解除
  int64_t orders = 0, delivered = 0, acknowledged = 0, on_time = 0;
  std::optional<double> on_time_pct;  // of the response orders, none if none
};

// A regional notice (区域预警) the warning answered: its level over its
// areas (a lift notice: the warning's lift), and how long that took.
struct NoticeAnswer {
  std::string id, document_no, level;
  TimePoint starts_at, respond_by, answered_at;
  int64_t response_s = 0;
  bool on_time = false;
};

// A finding for the plan's next revision (a drill's 发现的问题).
struct Finding {
  std::string id, text, by;
  TimePoint at;
};

struct Summary {
  Warning warning;  // with its order counts
  std::vector<TimelineEvent> timeline;
  internal::OrderTallies orders;  // by_kind, by_area
  AckLatency ack_latency_s;
  ReportTally reports;
  InspectionTally inspections;
  CaseTally cases;
  ReductionAccount reduction;
  StageTimings stages;
  std::vector<NoticeAnswer> regional_notices;
  std::vector<Finding> findings;
  std::string area;  // "" = the whole warning
};

class EvaluationService {
 public:
  EvaluationService(Store& store, const Clock& clock);

  // kNotFound if unknown. `area` "" = the whole warning; else every figure
  // is over that area's orgs only (a county's view).
  Result<hazegate::Summary> Summary(const std::string& warning_id,
                                    const std::string& area = "") const;

  // GET /warnings/{id}/reduction: the emission-reduction account alone.
  Result<ReductionAccount> Reduction(const std::string& warning_id,
                                     const std::string& area = "") const;

  // Records a finding (1-2,000 bytes of UTF-8, no control characters but
  // tab and line breaks: kInvalidInput naming text); kNotFound for an unknown
  // warning.
  Result<Finding> AddFinding(const std::string& warning_id,
                             const std::string& text, const std::string& by);

  // The same as an HTML page (UTF-8, no scripts) to print or attach.
  Result<std::string> SummaryHtml(const std::string& warning_id,
                                  const std::string& area = "") const;

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace hazegate
