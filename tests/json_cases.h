// The case service driven the way the gateway drives it: requests and
// results in the API's JSON (case_json.h), so that tests read as the
// contract does. A thin adapter, no logic of its own.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "hazegate/inspection/case_json.h"
#include "hazegate/inspection/cases.h"

namespace hazegate::testing {

class JsonCases {
 public:
  explicit JsonCases(CaseService& service) : service_(service) {}

  Result<nlohmann::json> List(const CaseFilter& filter) const {
    auto cases = service_.List(filter);
    if (!cases.ok()) return cases.error();
    nlohmann::json list = nlohmann::json::array();
    for (const Case& c : cases.value()) list.push_back(CaseToJson(c));
    return list;
  }
  Result<nlohmann::json> Get(const std::string& id,
                             const std::string& visible_site,
                             const std::string& visible_area) const {
    return Json(service_.Get(id, visible_site, visible_area));
  }
  Result<nlohmann::json> Act(const std::string& id, const nlohmann::json& body,
                             const Actor& actor,
                             const std::string& acting_area) {
    auto request = ParseCaseAction(body);
    if (!request.ok()) return request.error();
    return Json(service_.Act(id, request.value(), actor, acting_area));
  }

 private:
  static Result<nlohmann::json> Json(const Result<Case>& c) {
    if (!c.ok()) return c.error();
    return CaseToJson(c.value());
  }

  CaseService& service_;
};

}  // namespace hazegate::testing
