// Reading warnings back from the database.
#pragma once

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

}  // namespace hazegate::internal
