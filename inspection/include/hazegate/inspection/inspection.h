// A stored inspection report and the answer its submission got (contract §3
// "Inspections"): values, copy them freely. Their JSON forms, for the HTTP
// edge and the stored answer, are inspection_json.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/inspection/geofence.h"

namespace hazegate {

struct PhotoReceipt {
  std::string sha256;
  int64_t bytes = 0;
  int width = 0, height = 0;
};

// An evidence check that failed: outside_geofence, exif_location_mismatch,
// exif_time_mismatch, outside_warning_period, photo_reused.
struct EvidenceFlag {
  std::string name;
  std::string detail;  // in words, for the office
};

// What a submission is answered, and every retry of it.
struct InspectionAnswer {
  std::string id, site;
  std::string warning_id;  // "" = none
  std::string verdict;     // compliant | non_compliant
  TimePoint captured_at{};
  std::vector<PhotoReceipt> photos;
  // Against the site's geofence (distance rounded to 0.1 m); none without a
  // site location.
  std::optional<LocationCheck> location_check;
  std::vector<EvidenceFlag> flags;  // in a fixed order
  std::string case_id;              // "" = none
};

struct Inspection {
  InspectionAnswer answer;
  std::string report_json;  // the report part as sent (compact JSON)
  GeoPoint location;        // as reported
  std::string inspector_org, submitted_by;
  TimePoint received_at{};
};

}  // namespace hazegate
