// The parts of a submission that read the directory: the site, the warning's
// period and the assignment. Call inside a transaction.
#pragma once

#include <optional>
#include <string>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/store.h"
#include "hazegate/inspection/geofence.h"
#include "hazegate/inspection/report.h"

namespace hazegate::internal {

struct InspectedSite {
  std::string id;
  std::string kind;
  std::string name;
  std::string area;
  std::optional<GeoPoint> location;
  double geofence_m = 0;
};

// kNotFound if unknown; kInvalidInput (report.site) unless an enterprise or
// a site.
Result<InspectedSite> LoadSite(ReadTx& tx, const std::string& id);

struct WarningPeriod {
  std::string id;
  std::string status;
  TimePoint starts_at;
  std::optional<TimePoint> ends_at;  // closed_at if closed, else ends_at
};

// The report's warning, taken from its assignment when it names none. The
// assignment must have been given to `inspector_org`. kInvalidInput naming
// report.warning_id / report.assignment_id.
Result<std::optional<WarningPeriod>> LoadWarning(
    ReadTx& tx, const InspectionReport& report,
    const std::string& inspector_org);

// Whether the inspector's org may inspect `site`: a county's inspectors
// only sites of the county's area, the office's and groups' anywhere.
Result<bool> MayInspect(ReadTx& tx, const std::string& inspector_org,
                        const InspectedSite& site);

}  // namespace hazegate::internal
