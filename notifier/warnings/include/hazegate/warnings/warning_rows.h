// Reading warnings back from the database, and the level in force per
// area (the retained MQTT message), for the warnings room and the readers
// of warnings (oversight).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/store.h"

namespace hazegate::internal {

struct WarningRow {
  std::string id, level, status, headline, reason, supersedes, proposed_by,
      approved_by, close_reason;
  std::vector<std::string> areas;
  TimePoint starts_at, created_at;
  std::optional<TimePoint> ends_at, activated_at, closed_at;
  std::optional<int64_t> ack_within_s;
};

std::optional<WarningRow> LoadWarning(Store::Lease& lease,
                                      const std::string& id);

// The API's JSON, with order_counts.
nlohmann::json WarningJson(Store::Lease& lease, const WarningRow& row);

// The level in force for each area in `areas`, as the retained area
// message: the highest level among active warnings covering it, or "none".
std::map<std::string, nlohmann::json> LevelsInForce(
    Store::Lease& lease, const std::vector<std::string>& areas);

// Re-publishes (retained, MQTT) LevelsInForce for each area in `areas`.
void PublishAreaLevels(Store::Lease& lease,
                       const std::vector<std::string>& areas, TimePoint now);

// The orders (not canceled) of the active warnings, and of those how many
// were received: the arrival rate's terms.
std::pair<int64_t, int64_t> ArrivalInForce(Store::Lease& lease);

}  // namespace hazegate::internal
