// The services driven the way the gateway drives them: requests and
// results in the API's JSON (the rooms' *_json.h), so that tests read as
// the contract does. Thin adapters, no logic of their own.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "hazegate/config/directory_json.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/json.h"
#include "hazegate/inspection/assignment_json.h"
#include "hazegate/inspection/assignments.h"
#include "hazegate/inspection/case_json.h"
#include "hazegate/inspection/cases.h"
#include "hazegate/inspection/inspection_json.h"
#include "hazegate/inspection/inspections.h"
#include "hazegate/orders/order_json.h"
#include "hazegate/oversight/report_json.h"
#include "hazegate/oversight/reports.h"
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
    return AsJson(service_.Preview(request.value()), PreviewToJson);
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
    return AsJsonArray(service_.Orders(id, filter), OrderToJson);
  }
  Result<std::string> Cap(const std::string& id) { return service_.Cap(id); }

 private:
  static Result<nlohmann::json> Json(const Result<Warning>& warning) {
    return AsJson(warning, [](const Warning& w) { return WarningToJson(w); });
  }

  WarningService& service_;
};

class JsonCases {
 public:
  explicit JsonCases(CaseService& service) : service_(service) {}

  Result<nlohmann::json> List(const CaseFilter& filter) const {
    return AsJsonArray(service_.List(filter), CaseToJson);
  }
  Result<nlohmann::json> Get(const std::string& id,
                             const std::string& visible_site,
                             const std::string& visible_area) const {
    return AsJson(service_.Get(id, visible_site, visible_area), CaseToJson);
  }
  Result<nlohmann::json> Act(const std::string& id, const nlohmann::json& body,
                             const Actor& actor,
                             const std::string& acting_area) {
    auto request = ParseCaseAction(body);
    if (!request.ok()) return request.error();
    return AsJson(service_.Act(id, request.value(), actor, acting_area),
                  CaseToJson);
  }

 private:
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
    return AsJson(service_.Create(request.value(), actor), AssignmentToJson);
  }
  Result<nlohmann::json> Suggestions(const std::string& warning_id,
                                     int limit) const {
    return AsJsonArray(service_.Suggestions(warning_id, limit),
                       SuggestionToJson);
  }

 private:
  AssignmentService& service_;
  const Clock& clock_;
};

class JsonDirectory {
 public:
  explicit JsonDirectory(Store& store) : directory_(store) {}

  Result<nlohmann::json> ListAreas(const PageRequest& page) const {
    return AsJsonArray(directory_.ListAreas(page), AreaToJson);
  }
  Result<nlohmann::json> ListOrgs(const OrgQuery& query) const {
    return AsJsonArray(directory_.ListOrgs(query), OrgListingToJson);
  }
  Result<nlohmann::json> GetOrg(const std::string& id) const {
    return AsJson(directory_.GetOrg(id), OrgToJson);
  }

 private:
  Directory directory_;
};

// A POST that may be a replay (a report, an inspection): created or not,
// with the body it answered.
struct JsonOutcome {
  bool created = false;
  nlohmann::json body;
};

class JsonReports {
 public:
  explicit JsonReports(ReportService& service) : service_(service) {}

  Result<JsonOutcome> Report(const std::string& order_id,
                             const nlohmann::json& body, const Actor& actor) {
    auto request = ParseReportRequest(body);
    if (!request.ok()) return request.error();
    auto filed = service_.Report(order_id, request.value(), actor);
    if (!filed.ok()) return filed.error();
    return JsonOutcome{filed.value().created,
                       FiledReportToJson(filed.value().report)};
  }
  Result<nlohmann::json> Reporting(const std::string& warning_id,
                                   const ReportScope& scope) const {
    return AsJsonArray(service_.Reporting(warning_id, scope), ReportOwedToJson);
  }

 private:
  ReportService& service_;
};

class JsonInspections {
 public:
  explicit JsonInspections(InspectionService& service) : service_(service) {}

  Result<JsonOutcome> Submit(Submission submission, const Actor& inspector) {
    auto submitted = service_.Submit(std::move(submission), inspector);
    if (!submitted.ok()) return submitted.error();
    return JsonOutcome{submitted.value().created,
                       AnswerToJson(submitted.value().answer)};
  }
  Result<nlohmann::json> List(const InspectionFilter& filter) const {
    return AsJsonArray(service_.List(filter), InspectionToJson);
  }
  Result<nlohmann::json> GeoJson(const InspectionFilter& filter) const {
    return AsJson(service_.List(filter), InspectionsGeoJson);
  }

 private:
  InspectionService& service_;
};

}  // namespace hazegate::testing
