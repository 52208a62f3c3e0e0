// Assignments in JSON, the HTTP API's form (contract §3 "Assignments"): for
// the edge only.
#pragma once

#include <nlohmann/json.hpp>

#include "hazegate/inspection/assignment.h"

namespace hazegate {

// {inspector_org, sites:[org ids], warning_id, due_at}: kInvalidInput naming
// every bad field, the format's and CheckAssignmentRequest's together.
Result<AssignmentRequest> ParseAssignmentRequest(const nlohmann::json& body,
                                                 TimePoint now);

nlohmann::json AssignmentToJson(const Assignment& assignment);

// {site, name, kind, area, grade, score, reasons}.
nlohmann::json SuggestionToJson(const SiteSuggestion& suggestion);

}  // namespace hazegate
