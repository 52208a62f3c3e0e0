// Parts of the evaluation (EvaluationService): the emission-reduction account
// and the printable page. Read-only in the caller's transaction.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "hazegate/core/store.h"
#include "hazegate/warnings/warning_rows.h"

namespace hazegate::internal {

// {pollutants: {so2|nox|pm|vocs: {baseline_t_per_d, planned, acknowledged,
// verified, in_doubt, target_pct, planned_pct}}}: the covered enterprises'
// baseline; what the warning's enterprise orders remove (all, acknowledged,
// at sites inspected compliant and never non-compliant during it, and in
// doubt: unacknowledged or found non-compliant).
// `area` "" = the whole warning; else only that area's enterprises.
nlohmann::json ReductionAccount(ReadTx& tx, const Warning& row,
                                const std::string& area);

// The summary as an A4 page in Chinese (HTML, no scripts).
std::string SummaryPage(ReadTx& tx, const nlohmann::json& summary);

}  // namespace hazegate::internal
