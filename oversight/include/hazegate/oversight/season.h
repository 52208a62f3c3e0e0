// The season view (一.5 分析总结, issue 23): over [from, to), the real
// warnings per level and area with the days each area was under one,
// forecasts against warnings, on-time acknowledgement by order kind (and by
// month), the enterprises found non-compliant more than once, the official
// bodies ranked by the accountability leads found against them, and the
// drills held.
// JSON at the edge (season_json in the gateway) and a printable page.
// Thread-safe; Store outlives it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"

namespace hazegate {

struct SeasonArea {
  std::map<std::string, int64_t> warnings;  // by level
  double days_under_warning = 0;            // their union, in days
};

struct OnTime {
  int64_t orders = 0, on_time = 0;
};

struct RepeatOffender {
  std::string org, name;
  int64_t non_compliant = 0;
};

// An official body ranked by the accountability leads found against it
// (the "top offenders"): how many, by lead kind.
struct BodyFailures {
  std::string org, name;
  int64_t leads = 0;
  std::map<std::string, int64_t> by_kind;
};

struct SeasonDrill {
  std::string id, name;
  TimePoint at;
};

struct Season {
  TimePoint from, to;
  std::map<std::string, int64_t> warnings_by_level;  // activated in it
  std::map<std::string, SeasonArea> areas;           // by area code
  int64_t forecasts = 0;                             // submitted in it
  int64_t forecast_days_over_200 = 0;     // area-days forecast AQI > 200
  std::map<std::string, OnTime> on_time;  // by order kind
  // By month (YYYY-MM, Beijing, of the warning's activation), then kind.
  std::map<std::string, std::map<std::string, OnTime>> on_time_by_month;
  std::vector<RepeatOffender> repeat_non_compliant;
  std::vector<BodyFailures> bodies_by_failures;  // most leads first, top 20
  std::vector<SeasonDrill> drills;
};

class SeasonService {
 public:
  explicit SeasonService(Store& store);

  // kInvalidInput naming to (not after from, or over 400 days).
  Result<hazegate::Season> Season(TimePoint from, TimePoint to) const;

  // The same as an A4 page in Chinese (no scripts).
  Result<std::string> SeasonHtml(TimePoint from, TimePoint to) const;

 private:
  Store& store_;
};

}  // namespace hazegate
