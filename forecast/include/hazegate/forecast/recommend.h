// What the plan's thresholds say for one area from a forecast, against the
// level in force (issue 22): a pure function, so the rules' edges are
// tested without a database.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hazegate/config/warning_rules.h"
#include "hazegate/core/clock.h"

namespace hazegate {

// One forecast day (a calendar day, Beijing time).
struct ForecastDay {
  std::string date;  // YYYY-MM-DD
  int aqi = 0;
  std::optional<double> pm25;
  std::string primary_pollutant;  // "" if not given
};

// The level in force over an area ("none" and "" when none).
struct InForce {
  std::string level = "none";
  std::string warning_id;
};

struct Recommendation {
  std::string level;   // none, yellow, orange, red: what the forecast calls for
  std::string action;  // issue, upgrade, downgrade, lift, keep
  std::string basis;   // in words: which days, which values, which rule
};

// 黄色, 橙色, 红色 ("无" for none).
std::string LevelWords(const std::string& level);

// none 0, yellow 1, orange 2, red 3.
int LevelRank(const std::string& level);

// What to do when `called` is called for and `in_force` is in force
// (`lifts`: the lift condition holds): issue, upgrade, downgrade, lift, keep.
std::string ActionFor(const std::string& called, const InForce& in_force,
                      bool lifts);

// `days` in date order (gaps allowed); hours of a run are counted from
// `issued_at` (a day already begun counts its remaining hours). A day whose
// primary pollutant is one of the rules' no_warning_pollutants never
// counts towards a warning, and does not stand in the way of a lift.
Recommendation Recommend(const WarningRules& rules, TimePoint issued_at,
                         const std::vector<ForecastDay>& days,
                         const InForce& in_force);

}  // namespace hazegate
