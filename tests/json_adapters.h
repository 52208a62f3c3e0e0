// The services driven the way the gateway drives them: requests and
// results in the API's JSON (the rooms' *_json.h), so that tests read as
// the contract does. Thin adapters, no logic of their own.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "hazegate/config/directory_json.h"
#include "hazegate/core/clock.h"
#include "hazegate/inspection/assignment_json.h"
#include "hazegate/inspection/assignments.h"
#include "hazegate/inspection/case_json.h"
#include "hazegate/inspection/cases.h"
#include "hazegate/orders/order_json.h"
#include "hazegate/warnings/warning_json.h"
#include "hazegate/warnings/warnings.h"

namespace hazegate::testing {

class JsonWarnings {
 public:
  explicit JsonWarnings(WarningService& service) : service_(service) {}

  Result<nlohmann::json> Create(const nlohmann::json& body,
                                const Actor& actor) {
    auto request = ParseWarningRequest(body);
    if (!request.ok()) return request.error();
    return Json(service_.Create(request.value(), actor));
  }
  Result<nlohmann::json> Preview(const nlohmann::json& body) {
    auto request = ParseWarningRequest(body);
    if (!request.ok()) return request.error();
    auto preview = service_.Preview(request.value());
    if (!preview.ok()) return preview.error();
    return PreviewToJson(preview.value());
  }
  Result<nlohmann::json> Approve(const std::string& id, const Actor& actor) {
    return Json(service_.Approve(id, actor));
  }
  Result<nlohmann::json> Reject(const std::string& id,
                                const nlohmann::json& body,
                                const Actor& actor) {
    auto reason = ParseReason(body);
    if (!reason.ok()) return reason.error();
    return Json(service_.Reject(id, reason.value(), actor));
  }
  Result<nlohmann::json> Lift(const std::string& id, const nlohmann::json& body,
                              const Actor& actor) {
    auto reason = ParseReason(body);
    if (!reason.ok()) return reason.error();
    return Json(service_.Lift(id, reason.value(), actor));
  }
  Result<nlohmann::json> Get(const std::string& id) {
    return Json(service_.Get(id));
  }
  Result<nlohmann::json> Orders(const std::string& id,
                                const OrderFilter& filter) {
    auto orders = service_.Orders(id, filter);
    if (!orders.ok()) return orders.error();
    nlohmann::json list = nlohmann::json::array();
    for (const Order& order : orders.value()) {
      list.push_back(OrderToJson(order));
    }
    return list;
  }
  Result<std::string> Cap(const std::string& id) { return service_.Cap(id); }

 private:
  static Result<nlohmann::json> Json(const Result<Warning>& warning) {
    if (!warning.ok()) return warning.error();
    return WarningToJson(warning.value());
  }

  WarningService& service_;
};

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

class JsonAssignments {
 public:
  JsonAssignments(AssignmentService& service, const Clock& clock)
      : service_(service), clock_(clock) {}

  Result<nlohmann::json> Create(const nlohmann::json& body,
                                const Actor& actor) {
    auto request = ParseAssignmentRequest(body, clock_.Now());
    if (!request.ok()) return request.error();
    auto created = service_.Create(request.value(), actor);
    if (!created.ok()) return created.error();
    return AssignmentToJson(created.value());
  }
  Result<nlohmann::json> Suggestions(const std::string& warning_id,
                                     int limit) const {
    auto ranked = service_.Suggestions(warning_id, limit);
    if (!ranked.ok()) return ranked.error();
    nlohmann::json list = nlohmann::json::array();
    for (const SiteSuggestion& site : ranked.value()) {
      list.push_back(SuggestionToJson(site));
    }
    return list;
  }

 private:
  AssignmentService& service_;
  const Clock& clock_;
};

class JsonDirectory {
 public:
  explicit JsonDirectory(Store& store) : directory_(store) {}

  Result<nlohmann::json> ListAreas(const PageRequest& page) const {
    auto areas = directory_.ListAreas(page);
    if (!areas.ok()) return areas.error();
    nlohmann::json list = nlohmann::json::array();
    for (const Area& area : areas.value()) list.push_back(AreaToJson(area));
    return list;
  }
  Result<nlohmann::json> ListOrgs(const OrgQuery& query) const {
    auto orgs = directory_.ListOrgs(query);
    if (!orgs.ok()) return orgs.error();
    nlohmann::json list = nlohmann::json::array();
    for (const Org& org : orgs.value()) list.push_back(OrgListingToJson(org));
    return list;
  }
  Result<nlohmann::json> GetOrg(const std::string& id) const {
    auto org = directory_.GetOrg(id);
    if (!org.ok()) return org.error();
    return OrgToJson(org.value());
  }

 private:
  Directory directory_;
};

}  // namespace hazegate::testing
