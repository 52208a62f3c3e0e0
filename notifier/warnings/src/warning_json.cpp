#include "hazegate/warnings/warning_json.h"

#include <algorithm>

#include "hazegate/core/json.h"
#include "hazegate/core/utf8.h"

namespace hazegate {

using nlohmann::json;

namespace {

// Reads a string member; records an error unless optional and absent.
std::string Text(const json& body, const char* field, bool required,
                 std::vector<FieldError>* errors) {
  const auto it = body.find(field);
  if (it == body.end() || it->is_null()) {
    if (required) errors->push_back({field, "is required"});
    return "";
  }
  if (!it->is_string() ||
      (required && it->get_ref<const std::string&>().empty())) {
    errors->push_back({field, "must be a non-empty string"});
    return "";
  }
  const std::string& text = it->get_ref<const std::string&>();
  const size_t control = FirstControlCharacter(text);
  if (control != std::string::npos) {
    errors->push_back({field, "holds a control character at byte " +
                                  std::to_string(control)});
    return "";
  }
  return text;
}

std::optional<TimePoint> Time(const json& body, const char* field,
                              bool required, std::vector<FieldError>* errors) {
  const size_t before = errors->size();
  const std::string text = Text(body, field, required, errors);
  if (text.empty() || errors->size() > before) return std::nullopt;
  auto parsed = ParseRfc3339(text);
  if (!parsed)
    errors->push_back({field, "must be an RFC 3339 time with offset"});
  return parsed;
}

// The area codes, without repeats; nullopt (and an error) if not an array
// of strings. An empty array is CheckWarningRequest's to refuse.
std::optional<std::vector<std::string>> Areas(const json& body,
                                              std::vector<FieldError>* errors) {
  const auto it = body.find("areas");
  if (it == body.end() || !it->is_array()) {
    errors->push_back({"areas", "must be a non-empty array of area codes"});
    return std::nullopt;
  }
  std::vector<std::string> areas;
  for (const json& code : *it) {
    if (!code.is_string()) {
      errors->push_back({"areas", "must hold area codes (strings)"});
      return std::nullopt;
    }
    if (std::find(areas.begin(), areas.end(), code) == areas.end()) {
      areas.push_back(code);
    }
  }
  return areas;
}

// nullopt when absent; an error when not an integer (the range is
// CheckWarningRequest's).
std::optional<int64_t> AckWithin(const json& body,
                                 std::vector<FieldError>* errors) {
  const auto it = body.find("ack_within_s");
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) {
    errors->push_back({"ack_within_s", "must be an integer from 60 to 604800"});
    return std::nullopt;
  }
  return it->get<int64_t>();
}

// false when absent or null; an error when not a boolean.
bool Flag(const json& body, const char* field,
          std::vector<FieldError>* errors) {
  const auto it = body.find(field);
  if (it == body.end() || it->is_null()) return false;
  if (!it->is_boolean()) errors->push_back({field, "must be true or false"});
  return it->is_boolean() && it->get<bool>();
}

}  // namespace

Result<WarningRequest> ParseWarningRequest(const json& body) {
  std::vector<FieldError> errors;
  WarningRequest request;
  request.level = Text(body, "level", true, &errors);
  request.areas = Areas(body, &errors).value_or(std::vector<std::string>{});
  const auto starts = Time(body, "starts_at", true, &errors);
  request.starts_at = starts.value_or(TimePoint{});
  request.ends_at = Time(body, "ends_at", false, &errors);
  request.headline = Text(body, "headline", false, &errors);
  request.reason = Text(body, "reason", true, &errors);
  request.supersedes = Text(body, "supersedes", false, &errors);
  request.ack_within_s = AckWithin(body, &errors);
  request.consultation_id = Text(body, "consultation_id", false, &errors);
  request.exercise = Flag(body, "exercise", &errors);
  request.exercise_name = Text(body, "exercise_name", false, &errors);
  // What the format refused is not checked again; a missing start leaves
  // the end unchecked against it.
  if (!starts) request.ends_at.reset();
  AddUnnamedFieldErrors(CheckWarningRequest(request), &errors);
  if (!errors.empty()) return Error::Invalid("invalid warning", errors);
  return request;
}

Result<std::string> ParseReason(const json& body) {
  std::vector<FieldError> errors;
  std::string reason = Text(body, "reason", true, &errors);
  if (!errors.empty()) return Error::Invalid("invalid request", errors);
  return reason;
}

json WarningToJson(const Warning& w, const WarningAudience& audience) {
  json out = {{"id", w.id},
              {"level", w.level},
              {"areas", w.areas},
              {"status", w.status},
              {"starts_at", FormatRfc3339(w.starts_at)},
              {"ends_at", TimeOrNull(w.ends_at)},
              {"headline", w.headline},
              {"reason", w.reason},
              {"supersedes", TextOrNull(w.supersedes)},
              {"created_at", FormatRfc3339(w.created_at)},
              {"activated_at", TimeOrNull(w.activated_at)},
              {"closed_at", TimeOrNull(w.closed_at)},
              {"close_reason", TextOrNull(w.close_reason)},
              {"ack_within_s", ValueOrNull(w.ack_within_s)},
              {"exercise", w.exercise},
              {"exercise_name", TextOrNull(w.exercise_name)}};
  if (audience.recipient) return out;
  out["consultation"] = w.consultation_id.empty()
                            ? json(nullptr)
                            : json{{"id", w.consultation_id},
                                   {"conclusion", w.consultation_conclusion}};
  const WarningOrderCounts& orders = w.orders;
  out["proposed_by"] = w.proposed_by;
  out["approved_by"] = TextOrNull(w.approved_by);
  out["order_counts"] = orders.by_status;
  out["sms_counts"] = {{"sent", orders.sms_sent},
                       {"delivered", orders.sms_delivered},
                       {"failed", orders.sms_failed},
                       {"acknowledged", orders.sms_acked}};
  out["arrival"] = {
      {"orders", orders.expected},
      {"received", orders.received},
      {"rate", orders.expected > 0 ? json(static_cast<double>(orders.received) /
                                          static_cast<double>(orders.expected))
                                   : json(nullptr)}};
  return out;
}

json PreviewToJson(const WarningPreview& p) {
  return {{"level", p.level},           {"areas", p.areas},
          {"area_names", p.area_names}, {"needs_approval", p.needs_approval},
          {"recipients", p.recipients}, {"orgs", p.orgs},
          {"orders", p.orders},         {"released", p.released}};
}

json AreaLevelToJson(const AreaLevel& level) {
  return {{"area", level.area},
          {"level", level.level},
          {"warning_id", TextOrNull(level.warning_id)},
          {"starts_at", TimeOrNull(level.starts_at)},
          {"ends_at", TimeOrNull(level.ends_at)},
          {"headline", TextOrNull(level.headline)}};
}

}  // namespace hazegate
