// A warning and what is asked of one (contract §3 "Warnings"): values, copy
// them freely. Their JSON forms, for the HTTP and MQTT edges, are
// warning_json.h.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"

namespace hazegate {

// Its orders by status, and of those not canceled how many arrived.
struct WarningOrderCounts {
  std::map<std::string, int64_t> by_status;
  int64_t expected = 0;
  int64_t received = 0;
  // Orders an SMS went out for, reached a phone, failed for, and orders
  // acknowledged by an SMS reply (contract v3 §5).
  int64_t sms_sent = 0, sms_delivered = 0, sms_failed = 0, sms_acked = 0;
};

struct Warning {
  std::string id;
  std::string level;   // yellow, orange, red
  std::string status;  // proposed, active, rejected, lifted, superseded
  std::string headline;
  std::string reason;
  std::string supersedes;  // "" if none
  std::string proposed_by;
  std::string approved_by;   // "" if none
  std::string close_reason;  // "" while open
  std::vector<std::string> areas;
  TimePoint starts_at;
  TimePoint created_at;
  std::optional<TimePoint> ends_at;
  std::optional<TimePoint> activated_at;
  std::optional<TimePoint> closed_at;
  std::optional<int64_t> ack_within_s;
  // The 研判会商 it cites (issue 22) and its conclusion, "" if none.
  std::string consultation_id;
  std::string consultation_conclusion;
  // A drill (演练, contract v3): runs as a real warning but is never the
  // level in force (no retained topic, public page or feed); its name.
  bool exercise = false;
  std::string exercise_name;  // "" if none given
  WarningOrderCounts orders;  // filled where the reader asks for them
};

// POST /warnings and /warnings/preview, read.
struct WarningRequest {
  std::string level;
  std::vector<std::string> areas;  // without repeats
  TimePoint starts_at;
  std::optional<TimePoint> ends_at;
  std::string headline;  // "" = made from the areas and the level
  std::string reason;
  std::string supersedes;  // "" = none
  std::optional<int64_t> ack_within_s;
  std::string consultation_id;          // "" = none
  std::string consultation_conclusion;  // the gateway fills it in
  bool exercise = false;
  std::string exercise_name;  // only with exercise, at most 100 bytes
};

// The checks that need no database: level, areas, times, reason, ack
// window; each error names its field.
std::vector<FieldError> CheckWarningRequest(const WarningRequest& request);

// Who would get orders once the warning is active.
struct WarningPreview {
  std::string level;
  std::vector<std::string> areas;
  std::string area_names;  // "昌吉市、呼图壁县"
  bool needs_approval = false;
  std::map<std::string, int64_t> recipients;  // orgs by kind
  int64_t orgs = 0;
  int64_t orders = 0;
  int64_t released = 0;  // recipients of the superseded warning left out
};

// The level in force in one area: the retained area message.
struct AreaLevel {
  std::string area;
  std::string level = "none";
  std::string warning_id;  // "" when none
  std::optional<TimePoint> starts_at;
  std::optional<TimePoint> ends_at;
  std::string headline;  // "" when none
};

}  // namespace hazegate
