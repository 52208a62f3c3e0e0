// Forecasts' and recommendations' JSON and CSV forms (contract v3): for the
// HTTP edge only. Parsing errors are kInvalidInput naming the field
// (days/N/aqi) or, for CSV, the line.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "hazegate/core/result.h"
#include "hazegate/forecast/forecasts.h"

namespace hazegate {

// {issued_at, source, days: [{area, date, aqi, pm25?, primary_pollutant?}]}.
Result<ForecastInput> ForecastInputFromJson(const nlohmann::json& body);

// A header line naming area, date, aqi (pm25, primary_pollutant optional,
// any order), then one day per line.
Result<ForecastInput> ForecastInputFromCsv(const std::string& text,
                                           TimePoint issued_at,
                                           const std::string& source);

// {id, issued_at, source, created_by, created_at, days: [...]}.
nlohmann::json ForecastToJson(const Forecast& forecast);

// {area, level, action, basis, forecast_id, in_force, warning_id?,
// regional_notice_id?}.
nlohmann::json RecommendationToJson(const AreaRecommendation& r);

// {document_no, issued_by, level, areas, starts_at, respond_within_h?,
// text}; respond_within_h 1-168, default 24.
Result<RegionalNotice> NoticeFromJson(const nlohmann::json& body);
nlohmann::json NoticeToJson(const RegionalNotice& notice);

// {held_at, participants, forecast_id?, areas, recommended_level,
// conclusion}.
Result<Consultation> ConsultationFromJson(const nlohmann::json& body);
nlohmann::json ConsultationToJson(const Consultation& consultation);

}  // namespace hazegate
