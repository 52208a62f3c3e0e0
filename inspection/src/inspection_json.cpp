#include "hazegate/inspection/inspection_json.h"

#include "hazegate/core/json.h"

namespace hazegate {

using nlohmann::json;

namespace {

json PhotoToJson(const PhotoReceipt& photo) {
  return {{"sha256", photo.sha256},
          {"bytes", photo.bytes},
          {"width", photo.width},
          {"height", photo.height}};
}

json FlagNames(const std::vector<EvidenceFlag>& flags) {
  return JsonArray(flags, [](const EvidenceFlag& f) { return f.name; });
}

}  // namespace

json AnswerToJson(const InspectionAnswer& a) {
  json details = json::object();
  for (const EvidenceFlag& flag : a.flags) details[flag.name] = flag.detail;
  json body = {
      {"id", a.id},
      {"site", a.site},
      {"warning_id", TextOrNull(a.warning_id)},
      {"verdict", a.verdict},
      {"captured_at", FormatRfc3339(a.captured_at)},
      {"photos", JsonArray(a.photos, PhotoToJson)},
      {"location_check",
       a.location_check
           ? json{{"distance_m", a.location_check->distance_m},
                  {"within_geofence", a.location_check->within_geofence}}
           : json(nullptr)},
      {"flags", FlagNames(a.flags)},
      {"flag_details", details}};
  if (!a.case_id.empty()) body["case_id"] = a.case_id;
  return body;
}

InspectionAnswer AnswerFromJson(const json& j) {
  InspectionAnswer a;
  a.id = j.value("id", "");
  a.site = j.value("site", "");
  if (j.contains("warning_id") && j["warning_id"].is_string()) {
    a.warning_id = j["warning_id"];
  }
  a.verdict = j.value("verdict", "");
  a.captured_at =
      ParseRfc3339(j.value("captured_at", "")).value_or(TimePoint{});
  for (const json& photo : j.value("photos", json::array())) {
    a.photos.push_back({photo.value("sha256", ""), photo.value("bytes", 0),
                        photo.value("width", 0), photo.value("height", 0)});
  }
  const json check = j.value("location_check", json());
  if (check.is_object()) {
    a.location_check = LocationCheck{check.value("distance_m", 0.0),
                                     check.value("within_geofence", false)};
  }
  const json details = j.value("flag_details", json::object());
  for (const json& name : j.value("flags", json::array())) {
    const std::string text = name.get<std::string>();
    a.flags.push_back({text, details.value(text, "")});
  }
  a.case_id = j.value("case_id", "");
  return a;
}

json InspectionToJson(const Inspection& inspection) {
  json record = AnswerToJson(inspection.answer);
  record["report"] = json::parse(inspection.report_json);
  record["inspector_org"] = inspection.inspector_org;
  record["submitted_by"] = inspection.submitted_by;
  record["received_at"] = FormatRfc3339(inspection.received_at);
  return record;
}

json InspectionsGeoJson(const std::vector<Inspection>& inspections) {
  json features = json::array();
  for (const Inspection& inspection : inspections) {
    const InspectionAnswer& a = inspection.answer;
    json properties = {
        {"id", a.id},
        {"site", a.site},
        {"verdict", a.verdict},
        {"captured_at", FormatRfc3339(a.captured_at)},
        {"warning_id", TextOrNull(a.warning_id)},
        {"flags", FlagNames(a.flags)},
        {"case_id", a.case_id.empty() ? json() : json(a.case_id)},
        {"photos", a.photos.size()}};
    features.push_back(
        {{"type", "Feature"},
         {"geometry",
          {{"type", "Point"},
           {"coordinates",
            {inspection.location.lon, inspection.location.lat}}}},
         {"properties", std::move(properties)}});
  }
  return {{"type", "FeatureCollection"}, {"features", features}};
}

}  // namespace hazegate
