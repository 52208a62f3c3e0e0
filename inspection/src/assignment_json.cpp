#include "hazegate/inspection/assignment_json.h"

#include <algorithm>

#include "hazegate/core/json.h"

namespace hazegate {

using nlohmann::json;

Result<AssignmentRequest> ParseAssignmentRequest(const json& body,
                                                 TimePoint now) {
  AssignmentRequest a;
  std::vector<FieldError> errors;
  auto text = [&](const char* key, std::string* out) {
    const json value = body.value(key, json());
    if (!value.is_string() || value.get<std::string>().empty()) {
      errors.push_back({key, "is required (a string)"});
    } else {
      *out = value.get<std::string>();
    }
  };
  text("inspector_org", &a.inspector_org);
  text("warning_id", &a.warning_id);
  const json sites = body.value("sites", json());
  if (!sites.is_array() || sites.empty() || sites.size() > 500) {
    errors.push_back({"sites", "must be an array of 1 to 500 org ids"});
  } else {
    for (size_t i = 0; i < sites.size(); ++i) {
      if (!sites[i].is_string()) {
        errors.push_back(
            {"sites[" + std::to_string(i) + "]", "must be a string"});
      } else if (std::find(a.sites.begin(), a.sites.end(), sites[i]) ==
                 a.sites.end()) {
        a.sites.push_back(sites[i].get<std::string>());
      }
    }
  }
  std::string due;
  text("due_at", &due);
  if (!due.empty()) {
    const auto when = ParseRfc3339(due);
    if (!when) {
      errors.push_back({"due_at", "must be an RFC 3339 time with an offset"});
    } else {
      a.due_at = *when;
    }
  }
  AddUnnamedFieldErrors(CheckAssignmentRequest(a, now), &errors);
  if (!errors.empty()) {
    return Error::Invalid("the assignment is invalid", std::move(errors));
  }
  return a;
}

json AssignmentToJson(const Assignment& a) {
  return {{"id", a.id},
          {"warning_id", a.warning_id},
          {"inspector_org", a.inspector_org},
          {"sites", a.sites},
          {"due_at", FormatRfc3339(a.due_at)},
          {"created_by", a.created_by},
          {"created_at", FormatRfc3339(a.created_at)},
          {"order_id", a.order_id}};
}

json SuggestionToJson(const SiteSuggestion& s) {
  return {{"site", s.site},
          {"name", s.name},
          {"kind", s.kind},
          {"area", s.area},
          {"grade", TextOrNull(s.grade)},
          {"score", s.score},
          {"reasons", s.reasons}};
}

}  // namespace hazegate
