// The plan's warning_rules (issue 22, docs/plan.md): per level the forecast
// condition that calls for it, the condition that lifts a warning, and the
// primary pollutants that never call for a colour warning (dust, ozone).
// Parsed and validated here, stored by the plan loader; plain values, safe
// to copy between threads.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hazegate/config/plan.h"
#include "hazegate/core/tx.h"

namespace hazegate {

// Forecast days in a row whose AQI is above (or below) a value, for at
// least `hours` counted from the forecast's issue and/or `days` (0: no
// bound of that kind).
struct AqiCondition {
  int aqi_above = -1;  // -1: not this kind
  int aqi_below = -1;
  int hours = 0;
  int days = 0;
};

// A level's rule: any one of its conditions, or all of them within one run
// of the first (red: AQI > 200 for 72 h and, within it, > 300 for 24 h).
struct LevelRule {
  std::vector<AqiCondition> conditions;
  bool all = false;
};

struct WarningRules {
  std::map<std::string, LevelRule> levels;  // yellow, orange, red
  AqiCondition lift;
  std::vector<std::string> no_warning_pollutants;
};

// The national scale of 2024 (环大气〔2024〕6号), which Changji applies: the
// rules a plan without warning_rules gets.
WarningRules NationalWarningRules();

// The plan's "warning_rules" (null: the national ones); each fault is
// appended to `issues` with its pointer under /warning_rules.
WarningRules ParseWarningRules(const nlohmann::json& rules,
                               std::vector<PlanIssue>* issues);

// The rules of the plan loaded (the national ones if it has none).
WarningRules WarningRulesOf(ReadTx& tx);

// The primary pollutants a forecast day may name.
inline constexpr const char* kPrimaryPollutants[] = {
    "pm25", "pm10", "o3", "so2", "no2", "co", "dust"};

}  // namespace hazegate
