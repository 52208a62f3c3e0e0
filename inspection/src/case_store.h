// Cases as rows: shared by inspection submission (a verdict opens, attaches
// to or closes a case) and the case actions. Call inside a WriteTransaction.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/store.h"

namespace hazegate::internal {

struct CaseActionRow {
  std::string case_id;
  std::string action;
  std::string by;
  std::string note;
  TimePoint at;
  std::optional<TimePoint> due_at;
  std::string order_id;
};

// The site's case for the warning that is not closed, or "".
std::string OpenCaseOf(Store::Lease& lease, const std::string& site,
                       const std::string& warning_id);

// Opens an inspection case; returns its id.
std::string OpenInspectionCase(Store::Lease& lease, const std::string& site,
                               const std::string& warning_id, TimePoint now);

void AttachReport(Store::Lease& lease, const std::string& case_id,
                  const std::string& inspection_id);

void AddCaseAction(Store::Lease& lease, const CaseActionRow& row);

// Sets the status (and closed_at / evidence when closing).
void SetCaseStatus(Store::Lease& lease, const std::string& case_id,
                   const std::string& status, TimePoint now,
                   const std::string& evidence = "");

// The site's cases in status `rectifying`.
std::vector<std::string> RectifyingCasesOf(Store::Lease& lease,
                                           const std::string& site);

// The contract's case object, or null if unknown.
nlohmann::json CaseJson(Store::Lease& lease, const std::string& case_id);

}  // namespace hazegate::internal
