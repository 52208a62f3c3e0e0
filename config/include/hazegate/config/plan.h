// The response plan: areas, orgs of every kind with their per-level tasks,
// measures and notices, and acknowledgement windows. Format: docs/plan.md.
// The plan file is a JSON document, so this is its edge: validation is pure
// and reports every problem by JSON pointer; loading is one transaction that
// inserts or updates, so it can be re-run. Once loaded, the rooms read it
// typed (directory.h, plan_settings.h, reduction.h).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"

namespace hazegate {

struct PlanIssue {
  std::string pointer;  // RFC 6901 JSON pointer into the plan ("" = whole)
  std::string message;
};

// Parses the file; a read or JSON syntax failure is returned as one issue
// with pointer "".
Result<nlohmann::json> ReadPlanFile(const std::string& path,
                                    std::vector<PlanIssue>* issues);

// Every problem in the plan, in document order; empty when valid.
std::vector<PlanIssue> ValidatePlan(const nlohmann::json& plan);

// Validates, then inserts or updates areas, orgs and settings in one
// transaction with an audit row. Invalid plans are kInvalidInput with one
// FieldError per issue (field = pointer); nothing is stored then.
Status LoadPlan(Store& store, const nlohmann::json& plan,
                const std::string& actor, const Clock& clock);

// For `hazegate plan check`: per county or park area and level, each
// pollutant whose planned reduction (config/reduction.h) falls short of the
// target, as {pointer to the area, message}. Warnings, not errors.
std::vector<PlanIssue> ReductionShortfalls(const nlohmann::json& plan);

}  // namespace hazegate
