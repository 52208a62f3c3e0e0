// The evaluation's JSON forms (GET /warnings/{id}/summary and /reduction,
// docs/api.md): for the HTTP edge only. Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "hazegate/oversight/evaluation.h"

namespace hazegate {

// {warning, timeline:[{at, event, by}], orders:{by_kind, by_area},
// ack_latency_s:{p50, p90, max}, reports:{due, received, late, missing,
// filed, figures}, inspections:{total, compliant, non_compliant, flags},
// cases:{opened, closed, penalized, referred}, reduction, area}.
nlohmann::json SummaryToJson(const Summary& summary);

// {pollutants: {so2|nox|pm|vocs: {baseline_t_per_d, planned, acknowledged,
// verified, in_doubt, target_pct, planned_pct}}}.
nlohmann::json ReductionToJson(const ReductionAccount& account);

// {id, text, by, at}: a finding (POST /warnings/{id}/findings).
nlohmann::json FindingToJson(const Finding& finding);

}  // namespace hazegate
