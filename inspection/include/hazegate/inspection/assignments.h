// Inspection assignments: sites handed to an inspector org (a group or a
// county) for a warning, pushed as `inspection_assignment` orders; and the
// ranking of the sites most worth a visit. Thread-safe.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "hazegate/config/directory.h"
#include "hazegate/core/actor.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/store.h"

namespace hazegate {

class AssignmentService {
 public:
  AssignmentService(Store& store, const Clock& clock,
                    std::function<void()> outbox_written);

  // {inspector_org, sites:[org ids], warning_id, due_at} -> 201 body.
  // kInvalidInput naming the field; kConflict unless the warning is active.
  Result<nlohmann::json> Create(const nlohmann::json& request,
                                const Actor& actor);
  Result<nlohmann::json> List(const std::string& warning_id,
                              const std::string& inspector_org,
                              const PageRequest& page) const;

  // Enterprises and sites of the warning's areas, best first, each with
  // {site, name, kind, area, grade, score, reasons:[…]}; only those with a
  // reason. kNotFound for an unknown warning.
  Result<nlohmann::json> Suggestions(const std::string& warning_id,
                                     int limit) const;

 private:
  Store& store_;
  const Clock& clock_;
  std::function<void()> outbox_written_;
};

}  // namespace hazegate
