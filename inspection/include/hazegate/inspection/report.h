// The `report` part of POST /inspections (contract §3 "Inspections"), parsed
// and checked. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/inspection/geofence.h"

namespace hazegate {

struct ChecklistItem {
  std::string item;
  std::string result;  // "pass", "fail" or "na"
  std::string note;
};

struct InspectionReport {
  std::string id;  // the phone's UUID: the idempotency key
  std::string site;
  std::string warning_id;     // "" if none
  std::string assignment_id;  // "" if none
  TimePoint captured_at;
  GeoPoint location;
  double accuracy_m = 0;
  std::vector<ChecklistItem> checklist;
  std::string verdict;  // "compliant" or "non_compliant"
  std::string findings;
  // The report as sent, as compact JSON: what is stored and hashed.
  std::string document_json;
};

// kInvalidInput naming every bad field as "report.<path>" (or "report" when
// the text is not a JSON object).
Result<InspectionReport> ParseInspectionReport(std::string_view text);

}  // namespace hazegate
