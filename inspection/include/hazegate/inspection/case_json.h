// Cases in JSON, the HTTP API's form (contract §3 "Cases"): for the edge
// only.
#pragma once

#include <nlohmann/json.hpp>

#include "hazegate/core/result.h"
#include "hazegate/inspection/case.h"

namespace hazegate {

// {action, note, due_at?}: kInvalidInput naming a field of the wrong type
// or an unreadable time (CaseService::Act checks the rest).
Result<CaseActionRequest> ParseCaseAction(const nlohmann::json& body);

// {id, site, warning_id, type, status, opened_at, closed_at, order_id,
// evidence, reports, actions:[{action, by, at, note, due_at, order_id}]}.
nlohmann::json CaseToJson(const Case& c);

}  // namespace hazegate
