// Forecasts (contract v3 "Forecasts…", issue 22): the forecasting group's
// AQI forecasts per area and day as submitted, kept whole (a later one
// never rewrites an earlier), the latest per area, and what the plan's
// thresholds make of them against the levels in force. Thread-safe; Store
// and Clock outlive it. Errors: kInvalidInput naming the field.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hazegate/core/actor.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"
#include "hazegate/forecast/recommend.h"

namespace hazegate {

struct AreaDay {
  std::string area;
  ForecastDay day;
};

struct ForecastInput {
  TimePoint issued_at;
  std::string source;  // who made it: "州环境监测站", a model's name
  std::vector<AreaDay> days;
};

struct Forecast {
  std::string id;
  TimePoint issued_at;
  std::string source;
  std::string created_by;
  TimePoint created_at;
  std::vector<AreaDay> days;  // by area, then date
};

struct AreaRecommendation {
  std::string area;
  Recommendation recommendation;
  std::string forecast_id;
  InForce in_force;
};

class ForecastService {
 public:
  ForecastService(Store& store, const Clock& clock);

  // Stores the forecast whole or not at all: kInvalidInput naming
  // days/N/area (unknown), /date (not a date, twice for one area), /aqi
  // (0-500), /pm25 (0-1000), /primary_pollutant, or source (1-200 bytes),
  // days (1-2000).
  Result<Forecast> Submit(const Actor& actor, const ForecastInput& input);

  // Newest first, at most `limit`; `area` "" = every area. With `latest`,
  // per area only the newest forecast that covers it, with its days there.
  Result<std::vector<Forecast>> List(const std::string& area, bool latest,
                                     int limit) const;

  // Per area with a forecast (the plan's order): its latest forecast's
  // recommendation against `in_force` (by area; absent = none).
  Result<std::vector<AreaRecommendation>> Recommendations(
      const std::map<std::string, InForce>& in_force) const;

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace hazegate
