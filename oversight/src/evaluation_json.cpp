#include "hazegate/oversight/evaluation_json.h"

#include "hazegate/config/reduction.h"
#include "hazegate/core/json.h"
#include "hazegate/orders/order_json.h"
#include "hazegate/warnings/warning_json.h"

namespace hazegate {

using nlohmann::json;

namespace {

json EventToJson(const TimelineEvent& e) {
  return {{"at", FormatRfc3339(e.at)},
          {"event", e.event},
          {"by", ValueOrNull(e.by)}};
}

json ReportsToJson(const ReportTally& r) {
  return {{"due", r.due},     {"received", r.received},
          {"late", r.late},   {"missing", r.missing},
          {"filed", r.filed}, {"figures", json(r.figures)}};
}

json InspectionsToJson(const InspectionTally& i) {
  return {{"total", i.total},
          {"compliant", i.compliant},
          {"non_compliant", i.non_compliant},
          {"flags", json(i.flags)}};
}

json CasesToJson(const CaseTally& c) {
  return {{"opened", c.opened},
          {"closed", c.closed},
          {"penalized", c.penalized},
          {"referred", c.referred}};
}

json StagesToJson(const StageTimings& s) {
  return {
      {"consultation_to_proposal_s", ValueOrNull(s.consultation_to_proposal)},
      {"to_approval_s", ValueOrNull(s.to_approval)},
      {"to_last_delivery_s", ValueOrNull(s.to_last_delivery)},
      {"to_last_ack_s", ValueOrNull(s.to_last_ack)},
      {"to_first_inspection_s", ValueOrNull(s.to_first_inspection)},
      {"in_force_s", ValueOrNull(s.in_force)},
      {"orders", s.orders},
      {"delivered", s.delivered},
      {"acknowledged", s.acknowledged},
      {"on_time", s.on_time},
      {"on_time_pct", ValueOrNull(s.on_time_pct)}};
}

json NoticeAnswerToJson(const NoticeAnswer& a) {
  return {{"id", a.id},
          {"document_no", a.document_no},
          {"level", a.level},
          {"starts_at", FormatRfc3339(a.starts_at)},
          {"respond_by", FormatRfc3339(a.respond_by)},
          {"answered_at", FormatRfc3339(a.answered_at)},
          {"response_s", a.response_s},
          {"on_time", a.on_time}};
}

}  // namespace

json FindingToJson(const Finding& f) {
  return {{"id", f.id},
          {"text", f.text},
          {"by", f.by},
          {"at", FormatRfc3339(f.at)}};
}

json ReductionToJson(const ReductionAccount& account) {
  json pollutants = json::object();
  for (size_t i = 0; i < kPollutants.size(); ++i) {
    const PollutantAccount& p = account.pollutants[i];
    pollutants[kPollutants[i]] = {{"baseline_t_per_d", p.baseline_t_per_d},
                                  {"planned", p.planned},
                                  {"acknowledged", p.acknowledged},
                                  {"verified", p.verified},
                                  {"in_doubt", p.in_doubt},
                                  {"target_pct", p.target_pct},
                                  {"planned_pct", ValueOrNull(p.planned_pct)}};
  }
  return {{"pollutants", pollutants}};
}

json SummaryToJson(const Summary& s) {
  return {
      {"warning", WarningToJson(s.warning)},
      {"timeline", JsonArray(s.timeline, EventToJson)},
      {"orders",
       {{"by_kind", CountsToJson(s.orders.by_kind)},
        {"by_area", CountsToJson(s.orders.by_area)},
        {"reach", ReachToJson(s.orders.reach)}}},
      {"ack_latency_s",
       {{"p50", ValueOrNull(s.ack_latency_s.p50)},
        {"p90", ValueOrNull(s.ack_latency_s.p90)},
        {"max", ValueOrNull(s.ack_latency_s.max)}}},
      {"reports", ReportsToJson(s.reports)},
      {"inspections", InspectionsToJson(s.inspections)},
      {"cases", CasesToJson(s.cases)},
      {"reduction", ReductionToJson(s.reduction)},
      {"exercise", s.warning.exercise},
      {"stages", StagesToJson(s.stages)},
      {"regional_notices", JsonArray(s.regional_notices, NoticeAnswerToJson)},
      {"findings", JsonArray(s.findings, FindingToJson)},
      {"area", TextOrNull(s.area)}};
}

}  // namespace hazegate
