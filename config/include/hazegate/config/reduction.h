// Emission reductions (national guidance: each level's measures should cut
// an area's SO2, NOx, PM and VOCs by 10 %, 20 %, 30 %). From the plan: an
// enterprise's baseline per process (`emissions`, t/d) and what a measure
// removes: a stop the process's emissions, a limit to N % load all but N %,
// other measures the `reduction_t_per_d` they state. Pure; thread-safe.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hazegate/config/plan.h"

namespace hazegate {

inline constexpr std::array<const char*, 4> kPollutants = {"so2", "nox", "pm",
                                                           "vocs"};

// Tonnes per day of each pollutant, in kPollutants' order.
struct Emissions {
  std::array<double, 4> t_per_d{};
  Emissions& operator+=(const Emissions& other);
};

// The enterprise's baseline: every process of its `emissions`.
Emissions Baseline(const nlohmann::json& enterprise);

// What `measures` ([{process, action, load_pct?, reduction_t_per_d?}]) take
// off the enterprise's emissions.
Emissions Reduction(const nlohmann::json& measures,
                    const nlohmann::json& enterprise);

// The plan's target for `level` in percent: `reduction_targets_pct` or the
// national 10 / 20 / 30.
double TargetPct(const nlohmann::json& targets, const std::string& level);

// For `hazegate plan check`: per county or park area and level, each
// pollutant whose planned reduction falls short of the target, as
// {pointer to the area, message}. Warnings, not errors.
std::vector<PlanIssue> ReductionShortfalls(const nlohmann::json& plan);

}  // namespace hazegate
