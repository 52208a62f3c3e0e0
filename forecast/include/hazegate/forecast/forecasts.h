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

// A warning notice of the autonomous region (区域预警) the prefecture must
// follow: answered once every one of its areas is at its level (a lift
// notice, level "none": once none is warned).
struct RegionalNotice {
  std::string id;
  std::string document_no;  // 新环发〔2026〕12号
  std::string issued_by;
  std::string level;  // none (a lift), yellow, orange, red
  std::vector<std::string> areas;
  TimePoint starts_at;
  TimePoint respond_by;  // starts_at + respond_within_h (default 24)
  std::string text;
  std::string created_by;
  TimePoint created_at;
};

// A 研判会商: when, who took part, on which forecast, the conclusion.
struct Consultation {
  std::string id;
  TimePoint held_at;
  std::vector<std::string> participants;  // org ids
  std::string forecast_id;                // "" if none
  std::vector<std::string> areas;
  std::string recommended_level;  // none, yellow, orange, red
  std::string conclusion;
  std::string created_by;
  TimePoint created_at;
};

struct AreaRecommendation {
  std::string area;
  Recommendation recommendation;
  std::string forecast_id;  // "" when only a notice speaks for the area
  InForce in_force;
  std::string regional_notice_id;  // an unanswered notice, "" if none
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

  // kInvalidInput naming document_no, issued_by (1-200 bytes), level,
  // areas (known, 1 or more), text (1-4000 bytes) or respond_by (after
  // starts_at, within a week). Fields id, created_by, created_at are set.
  Result<RegionalNotice> AddNotice(const Actor& actor,
                                   const RegionalNotice& notice);
  Result<std::vector<RegionalNotice>> Notices(int limit) const;

  // kInvalidInput naming participants (known orgs), forecast_id (unknown),
  // areas, recommended_level or conclusion (1-4000 bytes).
  Result<Consultation> AddConsultation(const Actor& actor,
                                       const Consultation& consultation);
  Result<std::vector<Consultation>> Consultations(int limit) const;
  // kNotFound if none has the id.
  Result<Consultation> GetConsultation(const std::string& id) const;

  // Per area with a forecast or an unanswered regional notice (the plan's
  // order): the latest forecast's recommendation against `in_force` (by
  // area; absent = none), raised to what an unanswered notice asks, with
  // the time left to answer it in the basis.
  Result<std::vector<AreaRecommendation>> Recommendations(
      const std::map<std::string, InForce>& in_force) const;

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace hazegate
