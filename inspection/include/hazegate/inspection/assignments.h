// Inspection assignments: sites handed to an inspector org (a group or a
// county) for a warning, pushed as `inspection_assignment` orders; and the
// ranking of the sites most worth a visit. Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "hazegate/config/directory.h"
#include "hazegate/core/actor.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"
#include "hazegate/inspection/assignment.h"

namespace hazegate {

class AssignmentService {
 public:
  AssignmentService(Store& store, const Clock& clock,
                    std::function<void()> outbox_written);

  // Sends the inspector org its inspection_assignment order. kInvalidInput
  // naming the field (CheckAssignmentRequest's, an inspector org that is no
  // group or county, an unknown site); kConflict unless the warning is
  // active.
  Result<Assignment> Create(const AssignmentRequest& request,
                            const Actor& actor);
  Result<std::vector<Assignment>> List(const std::string& warning_id,
                                       const std::string& inspector_org,
                                       const PageRequest& page) const;

  // Enterprises and sites of the warning's areas, best first; only those
  // with a reason. kNotFound for an unknown warning.
  Result<std::vector<SiteSuggestion>> Suggestions(const std::string& warning_id,
                                                  int limit) const;

 private:
  Store& store_;
  const Clock& clock_;
  std::function<void()> outbox_written_;
};

}  // namespace hazegate
