// A case and an action on it (contract §3 "Cases"): values, copy them
// freely. Their JSON forms, for the HTTP edge, are case_json.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"

namespace hazegate {

struct CaseActionRecord {
  std::string action;  // order_rectification, record_penalty, …
  std::string by;
  TimePoint at;
  std::string note;
  std::optional<TimePoint> due_at;
  std::string order_id;  // the rectification order; "" if none
};

struct Case {
  std::string id;
  std::string site;
  std::string warning_id;  // "" if none
  std::string type;        // "inspection" or "no_ack"
  std::string status;      // open, rectifying, penalized, closed
  TimePoint opened_at;
  std::optional<TimePoint> closed_at;
  std::string order_id;  // a no_ack case's overdue order; "" if none
  std::string evidence;  // the closing inspection; "" if none
  std::vector<std::string> reports;  // inspection ids, oldest first
  std::vector<CaseActionRecord> actions;
};

// POST /cases/{id}/actions.
struct CaseActionRequest {
  std::string action;  // order_rectification, record_penalty,
                       // refer_discipline or close
  std::string note;
  std::optional<TimePoint> due_at;  // a rectification's; default a day
};

}  // namespace hazegate
