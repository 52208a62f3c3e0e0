// Implementation reports' JSON forms (contract §3 "Reports", docs/api.md):
// for the HTTP edge only. Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "hazegate/core/result.h"
#include "hazegate/oversight/reports.h"

namespace hazegate {

// {id?, text, figures?: {name: number}}: kInvalidInput naming "id" (1-64 of
// A-Z a-z 0-9 - _), "text" (a non-empty string), "figures" (an object) or
// "figures.NAME" (a number). The domain checks the rest.
Result<ReportRequest> ParseReportRequest(const nlohmann::json& body);

// {id, order_id, warning_id, org, text, figures, created_at, by}; with
// `author` too (v1's name of `by`) as POST answers it.
nlohmann::json ReportToJson(const FiledReport& report);
nlohmann::json FiledReportToJson(const FiledReport& report);

// {org, kind, order_id, rule, title, figures: [{name, unit, max?}], due_at,
// status, report_id?}.
nlohmann::json ReportOwedToJson(const ReportOwed& owed);

}  // namespace hazegate
