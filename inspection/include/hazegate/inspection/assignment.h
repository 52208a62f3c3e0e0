// An inspection assignment and the ranking of sites worth a visit
// (contract §3 "Assignments"): values, copy them freely. Their JSON forms,
// for the HTTP edge, are assignment_json.h.
#pragma once

#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"

namespace hazegate {

// POST /assignments.
struct AssignmentRequest {
  std::string inspector_org;
  std::vector<std::string> sites;  // without repeats
  std::string warning_id;
  TimePoint due_at;
};

// The checks that need no database (ids given, 1 to 500 sites, due_at
// ahead of `now`); each error names its field.
std::vector<FieldError> CheckAssignmentRequest(const AssignmentRequest& request,
                                               TimePoint now);

struct Assignment {
  std::string id;
  std::string warning_id;
  std::string inspector_org;
  std::vector<std::string> sites;
  TimePoint due_at;
  std::string created_by;
  TimePoint created_at;
  std::string order_id;  // the inspection_assignment order it sent
};

// An enterprise or site worth a visit, and why.
struct SiteSuggestion {
  std::string site;
  std::string name;
  std::string kind;
  std::string area;
  std::string grade;  // "" if the plan gives none
  int score = 0;
  std::vector<std::string> reasons;
};

}  // namespace hazegate
