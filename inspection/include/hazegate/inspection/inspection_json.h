// Inspections' JSON forms (contract §3 "Inspections", docs/api.md): for the
// HTTP edge, and the answer as the room stores it for replays. Pure;
// thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "hazegate/inspection/inspection.h"

namespace hazegate {

// {id, site, warning_id, verdict, captured_at, photos:[{sha256, bytes,
// width, height}], location_check:{distance_m, within_geofence}|null,
// flags:[name], flag_details:{name: detail}, case_id?}.
nlohmann::json AnswerToJson(const InspectionAnswer& answer);

// The answer read back from AnswerToJson's form; a field it lacks stays
// empty.
InspectionAnswer AnswerFromJson(const nlohmann::json& json);

// The answer plus {report (as sent), inspector_org, submitted_by,
// received_at}.
nlohmann::json InspectionToJson(const Inspection& inspection);

// A FeatureCollection of points (lon, lat as reported) with properties {id,
// site, verdict, captured_at, warning_id, flags, case_id, photos: count}.
nlohmann::json InspectionsGeoJson(const std::vector<Inspection>& inspections);

}  // namespace hazegate
