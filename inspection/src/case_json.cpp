#include "hazegate/inspection/case_json.h"

#include "hazegate/core/json.h"

namespace hazegate {

using nlohmann::json;

Result<CaseActionRequest> ParseCaseAction(const json& body) {
  CaseActionRequest request;
  const json action = body.value("action", json());
  if (!action.is_string()) {
    return Error::InvalidField("action",
                               "is required: order_rectification, "
                               "record_penalty, refer_discipline or "
                               "close");
  }
  request.action = action.get<std::string>();
  const json note = body.value("note", json());
  if (!note.is_null() && !note.is_string()) {
    return Error::InvalidField("note", "is required (a non-empty string)");
  }
  request.note = note.is_string() ? note.get<std::string>() : "";
  const json due = body.value("due_at", json());
  if (!due.is_null()) {
    request.due_at =
        due.is_string() ? ParseRfc3339(due.get<std::string>()) : std::nullopt;
    if (!request.due_at) {
      return Error::InvalidField("due_at",
                                 "must be an RFC 3339 time with an offset");
    }
  }
  return request;
}

json CaseToJson(const Case& c) {
  json actions = json::array();
  for (const CaseActionRecord& a : c.actions) {
    actions.push_back({{"action", a.action},
                       {"by", a.by},
                       {"at", FormatRfc3339(a.at)},
                       {"note", a.note},
                       {"due_at", TimeOrNull(a.due_at)},
                       {"order_id", TextOrNull(a.order_id)}});
  }
  return {{"id", c.id},
          {"site", c.site},
          {"warning_id", TextOrNull(c.warning_id)},
          {"type", c.type},
          {"status", c.status},
          {"opened_at", FormatRfc3339(c.opened_at)},
          {"closed_at", TimeOrNull(c.closed_at)},
          {"order_id", TextOrNull(c.order_id)},
          {"evidence", TextOrNull(c.evidence)},
          {"reports", c.reports},
          {"actions", std::move(actions)}};
}

}  // namespace hazegate
