#include "hazegate/forecast/forecast_json.h"

#include <algorithm>
#include <charconv>
#include <tuple>

#include "hazegate/config/csv.h"
#include "hazegate/core/json.h"

namespace hazegate {

using nlohmann::json;

namespace {

Result<std::string> Text(const json& object, const std::string& key,
                         const std::string& field, bool required) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) return Error::InvalidField(field, "is required");
    return std::string();
  }
  if (!it->is_string()) return Error::InvalidField(field, "must be a string");
  return it->get<std::string>();
}

Result<AreaDay> DayFromJson(const json& item, const std::string& at) {
  if (!item.is_object()) return Error::InvalidField(at, "must be an object");
  auto area = Text(item, "area", at + "/area", true);
  if (!area.ok()) return area.error();
  auto date = Text(item, "date", at + "/date", true);
  if (!date.ok()) return date.error();
  const auto aqi = item.find("aqi");
  if (aqi == item.end() || !aqi->is_number_integer()) {
    return Error::InvalidField(at + "/aqi", "must be an integer 0-500");
  }
  AreaDay day{area.value(), {date.value(), 0, std::nullopt, ""}};
  day.day.aqi =
      static_cast<int>(std::clamp<int64_t>(aqi->get<int64_t>(), -1, 501));
  const auto pm25 = item.find("pm25");
  if (pm25 != item.end() && !pm25->is_null()) {
    if (!pm25->is_number()) {
      return Error::InvalidField(at + "/pm25", "must be a number 0-1000");
    }
    day.day.pm25 = pm25->get<double>();
  }
  auto pollutant =
      Text(item, "primary_pollutant", at + "/primary_pollutant", false);
  if (!pollutant.ok()) return pollutant.error();
  day.day.primary_pollutant = pollutant.value();
  return day;
}

// An array of 1-100 non-empty strings under `key`.
Result<std::vector<std::string>> Strings(const json& body, const char* key) {
  const auto it = body.find(key);
  if (it == body.end() || !it->is_array() || it->empty() || it->size() > 100) {
    return Error::InvalidField(key, "must be an array of 1-100 strings");
  }
  std::vector<std::string> list;
  for (const json& item : *it) {
    if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
      return Error::InvalidField(key, "must be an array of 1-100 strings");
    }
    list.push_back(item.get<std::string>());
  }
  return list;
}

Result<TimePoint> Time(const json& body, const char* key) {
  auto text = Text(body, key, key, true);
  if (!text.ok()) return text.error();
  const auto at = ParseRfc3339(text.value());
  if (!at) return Error::InvalidField(key, "must be an RFC 3339 time");
  return *at;
}

// The column of `name` in the header, or -1.
int Column(const std::vector<std::string>& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

}  // namespace

Result<ForecastInput> ForecastInputFromJson(const json& body) {
  auto issued = Text(body, "issued_at", "issued_at", true);
  if (!issued.ok()) return issued.error();
  const auto issued_at = ParseRfc3339(issued.value());
  if (!issued_at) {
    return Error::InvalidField("issued_at", "must be an RFC 3339 time");
  }
  auto source = Text(body, "source", "source", true);
  if (!source.ok()) return source.error();
  const auto days = body.find("days");
  if (days == body.end() || !days->is_array()) {
    return Error::InvalidField("days", "must be an array");
  }
  ForecastInput input{*issued_at, source.value(), {}};
  for (size_t i = 0; i < days->size(); ++i) {
    auto day = DayFromJson((*days)[i], "days/" + std::to_string(i));
    if (!day.ok()) return day.error();
    input.days.push_back(std::move(day.value()));
  }
  return input;
}

Result<ForecastInput> ForecastInputFromCsv(const std::string& text,
                                           TimePoint issued_at,
                                           const std::string& source) {
  const CsvParse parsed = ParseCsv(text);
  if (!parsed.error.empty()) {
    return Error::InvalidField(
        "csv",
        "line " + std::to_string(parsed.error_line) + ": " + parsed.error);
  }
  if (parsed.records.empty()) {
    return Error::InvalidField("csv", "needs a header line");
  }
  const auto& header = parsed.records[0].fields;
  const int area = Column(header, "area"), date = Column(header, "date"),
            aqi = Column(header, "aqi"), pm25 = Column(header, "pm25"),
            pollutant = Column(header, "primary_pollutant");
  if (area < 0 || date < 0 || aqi < 0) {
    return Error::InvalidField("csv", "the header must name area, date, aqi");
  }
  ForecastInput input{issued_at, source, {}};
  for (size_t i = 1; i < parsed.records.size(); ++i) {
    const auto& f = parsed.records[i].fields;
    const std::string at = "days/" + std::to_string(i - 1);
    const auto cell = [&](int column) {
      return column >= 0 && column < static_cast<int>(f.size()) ? f[column]
                                                                : "";
    };
    AreaDay day{cell(area), {cell(date), -1, std::nullopt, cell(pollutant)}};
    const std::string a = cell(aqi);
    if (std::from_chars(a.data(), a.data() + a.size(), day.day.aqi).ec !=
        std::errc()) {
      return Error::InvalidField(at + "/aqi", "must be an integer 0-500");
    }
    if (const std::string p = cell(pm25); !p.empty()) {
      double value = -1;
      if (std::from_chars(p.data(), p.data() + p.size(), value).ec !=
          std::errc()) {
        return Error::InvalidField(at + "/pm25", "must be a number 0-1000");
      }
      day.day.pm25 = value;
    }
    input.days.push_back(std::move(day));
  }
  return input;
}

json ForecastToJson(const Forecast& forecast) {
  json days = json::array();
  for (const AreaDay& d : forecast.days) {
    json day = {{"area", d.area}, {"date", d.day.date}, {"aqi", d.day.aqi}};
    day["pm25"] = d.day.pm25 ? json(*d.day.pm25) : json(nullptr);
    day["primary_pollutant"] = TextOrNull(d.day.primary_pollutant);
    days.push_back(std::move(day));
  }
  return {{"id", forecast.id},
          {"issued_at", FormatRfc3339(forecast.issued_at)},
          {"source", forecast.source},
          {"created_by", forecast.created_by},
          {"created_at", FormatRfc3339(forecast.created_at)},
          {"days", std::move(days)}};
}

json RecommendationToJson(const AreaRecommendation& r) {
  json out = {{"area", r.area},
              {"level", r.recommendation.level},
              {"action", r.recommendation.action},
              {"basis", r.recommendation.basis},
              {"forecast_id", r.forecast_id},
              {"in_force", r.in_force.level}};
  if (!r.in_force.warning_id.empty()) out["warning_id"] = r.in_force.warning_id;
  if (!r.regional_notice_id.empty()) {
    out["regional_notice_id"] = r.regional_notice_id;
  }
  out["forecast_id"] = TextOrNull(r.forecast_id);
  return out;
}

Result<RegionalNotice> NoticeFromJson(const json& body) {
  RegionalNotice n;
  for (auto [key, target] : {std::pair{"document_no", &n.document_no},
                             {"issued_by", &n.issued_by},
                             {"level", &n.level},
                             {"text", &n.text}}) {
    auto text = Text(body, key, key, true);
    if (!text.ok()) return text.error();
    *target = text.value();
  }
  auto areas = Strings(body, "areas");
  if (!areas.ok()) return areas.error();
  n.areas = areas.value();
  auto starts = Time(body, "starts_at");
  if (!starts.ok()) return starts.error();
  n.starts_at = starts.value();
  int64_t hours = 24;
  if (const auto it = body.find("respond_within_h");
      it != body.end() && !it->is_null()) {
    if (!it->is_number_integer()) {
      return Error::InvalidField("respond_within_h", "must be 1-168 hours");
    }
    hours = std::clamp<int64_t>(it->get<int64_t>(), 0, 1000);
  }
  n.respond_by = n.starts_at + std::chrono::hours(hours);
  return n;
}

json NoticeToJson(const RegionalNotice& n) {
  return {{"id", n.id},
          {"document_no", n.document_no},
          {"issued_by", n.issued_by},
          {"level", n.level},
          {"areas", n.areas},
          {"starts_at", FormatRfc3339(n.starts_at)},
          {"respond_by", FormatRfc3339(n.respond_by)},
          {"text", n.text},
          {"created_by", n.created_by},
          {"created_at", FormatRfc3339(n.created_at)}};
}

Result<Consultation> ConsultationFromJson(const json& body) {
  Consultation c;
  auto held = Time(body, "held_at");
  if (!held.ok()) return held.error();
  c.held_at = held.value();
  auto participants = Strings(body, "participants");
  if (!participants.ok()) return participants.error();
  c.participants = participants.value();
  auto areas = Strings(body, "areas");
  if (!areas.ok()) return areas.error();
  c.areas = areas.value();
  for (auto [key, target, required] :
       {std::tuple{"forecast_id", &c.forecast_id, false},
        {"recommended_level", &c.recommended_level, true},
        {"conclusion", &c.conclusion, true}}) {
    auto text = Text(body, key, key, required);
    if (!text.ok()) return text.error();
    *target = text.value();
  }
  return c;
}

json ConsultationToJson(const Consultation& c) {
  return {{"id", c.id},
          {"held_at", FormatRfc3339(c.held_at)},
          {"participants", c.participants},
          {"forecast_id", TextOrNull(c.forecast_id)},
          {"areas", c.areas},
          {"recommended_level", c.recommended_level},
          {"conclusion", c.conclusion},
          {"created_by", c.created_by},
          {"created_at", FormatRfc3339(c.created_at)}};
}

}  // namespace hazegate
