// A warning's evaluation (总结评估, seed 一.5 and 二.5): GET
// /warnings/{id}/summary as JSON and summary.html, a printable A4 page in
// Chinese. Every figure comes from SQL aggregates over the warning's orders,
// reports owed, inspections and cases (read-only, across modules: the schema
// is core's). Thread-safe; Store and Clock outlive it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"

namespace hazegate {

class EvaluationService {
 public:
  EvaluationService(Store& store, const Clock& clock);

  // {warning, timeline, orders:{by_kind, by_area}, ack_latency_s, reports,
  // inspections, cases, reduction, area} (docs/api.md); kNotFound if
  // unknown. `area` "" = the whole warning; else every figure is over that
  // area's orgs only (a county's view).
  Result<nlohmann::json> Summary(const std::string& warning_id,
                                 const std::string& area = "") const;

  // GET /warnings/{id}/reduction: the emission-reduction account alone.
  Result<nlohmann::json> Reduction(const std::string& warning_id,
                                   const std::string& area = "") const;

  // The same as an HTML page (UTF-8, no scripts) to print or attach.
  Result<std::string> SummaryHtml(const std::string& warning_id,
                                  const std::string& area = "") const;

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace hazegate
