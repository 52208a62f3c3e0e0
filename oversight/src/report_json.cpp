#include "hazegate/oversight/report_json.h"

#include "hazegate/core/json.h"

namespace hazegate {

using nlohmann::json;

namespace {

// The client's id: 1-64 of A-Z a-z 0-9 - _ (a UUID), or "" if absent.
Result<std::string> ClientId(const json& body) {
  const auto it = body.find("id");
  if (it == body.end() || it->is_null()) return std::string();
  const std::string id = it->is_string() ? it->get<std::string>() : "";
  const bool valid = !id.empty() && id.size() <= 64 &&
                     id.find_first_not_of(
                         "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                         "0123456789-_") == std::string::npos;
  if (!valid) {
    return Error::InvalidField("id", "must be 1-64 of A-Z, a-z, 0-9, '-', '_'");
  }
  return id;
}

Result<std::string> Text(const json& body) {
  const auto it = body.find("text");
  if (it == body.end() || it->is_null()) {
    return Error::InvalidField("text", "is required");
  }
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    return Error::InvalidField("text", "must be a non-empty string");
  }
  return it->get<std::string>();
}

// The figures into `request`: an object of numbers, or absent.
Status ReadFigures(const json& body, ReportRequest* request) {
  const auto it = body.find("figures");
  if (it == body.end() || it->is_null()) return Ok{};
  if (!it->is_object()) {
    return Error::InvalidField("figures", "must be an object of numbers");
  }
  for (const auto& [name, value] : it->items()) {
    if (!value.is_number()) {
      return Error::InvalidField("figures." + name, "must be a number");
    }
    request->figures[name] = value.get<double>();
  }
  request->figures_json = it->dump();
  return Ok{};
}

json FigureSpecToJson(const FigureSpec& figure) {
  json out = {{"name", figure.name}, {"unit", figure.unit}};
  if (figure.max) out["max"] = *figure.max;
  return out;
}

}  // namespace

Result<ReportRequest> ParseReportRequest(const json& body) {
  ReportRequest request;
  auto id = ClientId(body);
  if (!id.ok()) return id.error();
  request.id = id.value();
  auto text = Text(body);
  if (!text.ok()) return text.error();
  request.text = text.value();
  auto figures = ReadFigures(body, &request);
  if (!figures.ok()) return figures.error();
  return request;
}

json ReportToJson(const FiledReport& report) {
  return {{"id", report.id},
          {"order_id", report.order_id},
          {"warning_id", TextOrNull(report.warning_id)},
          {"org", report.org},
          {"text", report.text},
          {"figures", json::parse(report.figures_json)},
          {"created_at", FormatRfc3339(report.created_at)},
          {"by", report.author}};
}

json FiledReportToJson(const FiledReport& report) {
  json out = ReportToJson(report);
  out["author"] = report.author;  // v1's `by`
  return out;
}

json ReportOwedToJson(const ReportOwed& owed) {
  json out = {{"org", owed.org},
              {"kind", owed.kind},
              {"order_id", owed.order_id},
              {"rule", owed.rule},
              {"title", owed.title},
              {"figures", JsonArray(owed.figures, FigureSpecToJson)},
              {"due_at", FormatRfc3339(owed.due_at)},
              {"status", owed.status}};
  if (!owed.report_id.empty()) out["report_id"] = owed.report_id;
  return out;
}

}  // namespace hazegate
