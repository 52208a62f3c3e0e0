#include "hazegate/inspection/report.h"

#include <algorithm>
#include <cmath>

#include "hazegate/core/json.h"

namespace hazegate {

namespace {

using nlohmann::json;

constexpr size_t kMaxIdLength = 64;
constexpr size_t kMaxTextLength = 4000;
constexpr size_t kMaxChecklistItems = 200;
constexpr double kMaxAccuracyM = 100000;

bool IsIdChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

// Reads fields of one JSON object, collecting an error per bad field.
class FieldReader {
 public:
  FieldReader(const json& object, std::string prefix,
              std::vector<FieldError>* errors)
      : object_(object), prefix_(std::move(prefix)), errors_(errors) {}

  const json* Find(const char* key) const {
    const auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }

  std::string Text(const char* key, bool required, size_t max_length) {
    const json* value = Find(key);
    if (value == nullptr) {
      if (required) Fail(key, "is required");
      return "";
    }
    if (!value->is_string()) return Fail(key, "must be a string"), "";
    std::string text = value->get<std::string>();
    if (required && text.empty()) return Fail(key, "must not be empty"), "";
    if (text.size() > max_length) {
      return Fail(key, "is longer than " + std::to_string(max_length)), "";
    }
    return text;
  }

  double Number(const char* key, double min, double max) {
    const json* value = Find(key);
    if (value == nullptr) return Fail(key, "is required"), 0;
    if (!value->is_number()) return Fail(key, "must be a number"), 0;
    const double number = value->get<double>();
    if (!std::isfinite(number) || number < min || number > max) {
      Fail(key, "must be from " + Format(min) + " to " + Format(max));
      return 0;
    }
    return number;
  }

  void Fail(const std::string& key, const std::string& message) {
    errors_->push_back({prefix_ + "." + key, message});
  }

  // Fields outside `known` are refused, not kept: a report is stored as it
  // was read, and nothing unvetted goes into evidence.
  void RefuseUnknown(std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : object_.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        Fail(key, "is not a field of this object");
      }
    }
  }
  const std::string& prefix() const { return prefix_; }

 private:
  static std::string Format(double value) {
    std::string text = std::to_string(value);
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
    return text;
  }

  const json& object_;
  std::string prefix_;
  std::vector<FieldError>* errors_;
};

void ReadId(FieldReader& fields, InspectionReport* report) {
  report->id = fields.Text("id", true, kMaxIdLength);
  for (char c : report->id) {
    if (!IsIdChar(c)) {
      fields.Fail("id", "may hold only letters, digits, '-' and '_'");
      break;
    }
  }
}

void ReadLocation(FieldReader& fields, std::vector<FieldError>* errors,
                  InspectionReport* report) {
  const json* location = fields.Find("location");
  if (location == nullptr) return fields.Fail("location", "is required");
  if (!location->is_object()) {
    return fields.Fail("location", "must be an object {lat, lon, accuracy_m}");
  }
  FieldReader inner(*location, fields.prefix() + ".location", errors);
  inner.RefuseUnknown({"lat", "lon", "accuracy_m"});
  report->location.lat = inner.Number("lat", -90, 90);
  report->location.lon = inner.Number("lon", -180, 180);
  report->accuracy_m = inner.Number("accuracy_m", 0, kMaxAccuracyM);
}

void ReadChecklist(FieldReader& fields, std::vector<FieldError>* errors,
                   InspectionReport* report) {
  const json* checklist = fields.Find("checklist");
  if (checklist == nullptr) return fields.Fail("checklist", "is required");
  if (!checklist->is_array()) {
    return fields.Fail("checklist", "must be an array");
  }
  if (checklist->size() > kMaxChecklistItems) {
    return fields.Fail(
        "checklist",
        "has more than " + std::to_string(kMaxChecklistItems) + " items");
  }
  for (size_t i = 0; i < checklist->size(); ++i) {
    const std::string key = "checklist[" + std::to_string(i) + "]";
    const json& entry = (*checklist)[i];
    if (!entry.is_object()) {
      fields.Fail(key, "must be an object {item, result, note?}");
      continue;
    }
    FieldReader item(entry, fields.prefix() + "." + key, errors);
    ChecklistItem parsed{item.Text("item", true, kMaxTextLength),
                         item.Text("result", true, 8),
                         item.Text("note", false, kMaxTextLength)};
    if (!parsed.result.empty() && parsed.result != "pass" &&
        parsed.result != "fail" && parsed.result != "na") {
      item.Fail("result", "must be pass, fail or na");
    }
    item.RefuseUnknown({"item", "result", "note"});
    report->checklist.push_back(std::move(parsed));
  }
}

}  // namespace

Result<InspectionReport> ParseInspectionReport(std::string_view text) {
  auto parsed = ParseJson(text, "report");
  if (!parsed.ok()) return parsed.error();
  json document = std::move(parsed).value();
  if (!document.is_object()) {
    return Error::InvalidField("report", "must be a JSON object");
  }
  std::vector<FieldError> errors;
  FieldReader fields(document, "report", &errors);
  InspectionReport report;
  ReadId(fields, &report);
  report.site = fields.Text("site", true, kMaxIdLength);
  report.warning_id = fields.Text("warning_id", false, kMaxIdLength);
  report.assignment_id = fields.Text("assignment_id", false, kMaxIdLength);
  const std::string captured = fields.Text("captured_at", true, 64);
  if (!captured.empty()) {
    const auto parsed = ParseRfc3339(captured);
    if (parsed) {
      report.captured_at = *parsed;
    } else {
      fields.Fail("captured_at", "must be an RFC 3339 time with an offset");
    }
  }
  ReadLocation(fields, &errors, &report);
  ReadChecklist(fields, &errors, &report);
  report.verdict = fields.Text("verdict", true, 16);
  if (!report.verdict.empty() && report.verdict != "compliant" &&
      report.verdict != "non_compliant") {
    fields.Fail("verdict", "must be compliant or non_compliant");
  }
  report.findings = fields.Text("findings", false, kMaxTextLength);
  fields.RefuseUnknown({"id", "site", "warning_id", "assignment_id",
                        "captured_at", "location", "checklist", "verdict",
                        "findings"});
  if (!errors.empty()) {
    return Error::Invalid("the inspection report is invalid",
                          std::move(errors));
  }
  report.document_json = document.dump();
  return report;
}

}  // namespace hazegate
