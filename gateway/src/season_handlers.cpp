// The season view (issue 23): GET /season and /season.html over ?from=&to=
// (RFC 3339 times or Beijing dates; by default the last 180 days).
#include "handlers.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

// A date (YYYY-MM-DD, Beijing midnight) or an RFC 3339 time.
Result<TimePoint> TimeParam(const httplib::Request& req, const char* name,
                            TimePoint otherwise) {
  if (!req.has_param(name)) return otherwise;
  std::string text = req.get_param_value(name);
  if (text.size() == 10) text += "T00:00:00+08:00";
  const auto parsed = ParseRfc3339(text);
  if (!parsed) {
    return Error::InvalidField(name, "must be a date or an RFC 3339 time");
  }
  return *parsed;
}

struct Range {
  TimePoint from, to;
};

Result<Range> RangeOf(const HandlerDeps& deps, const httplib::Request& req) {
  auto to = TimeParam(req, "to", deps.clock.Now());
  if (!to.ok()) return to.error();
  auto from = TimeParam(req, "from", to.value() - std::chrono::hours(24 * 180));
  if (!from.ok()) return from.error();
  return Range{from.value(), to.value()};
}

json SeasonToJson(const Season& s) {
  json areas = json::object();
  for (const auto& [code, a] : s.areas) {
    areas[code] = {{"warnings", a.warnings},
                   {"days_under_warning", a.days_under_warning}};
  }
  const auto on_time_json = [](const std::map<std::string, OnTime>& kinds) {
    json out = json::object();
    for (const auto& [kind, t] : kinds) {
      out[kind] = {{"orders", t.orders}, {"on_time", t.on_time}};
    }
    return out;
  };
  json by_month = json::object();
  for (const auto& [month, kinds] : s.on_time_by_month) {
    by_month[month] = on_time_json(kinds);
  }
  json bodies = json::array();
  for (const BodyFailures& b : s.bodies_by_failures) {
    bodies.push_back({{"org", b.org},
                      {"name", b.name},
                      {"leads", b.leads},
                      {"by_kind", b.by_kind}});
  }
  json offenders = json::array();
  for (const RepeatOffender& r : s.repeat_non_compliant) {
    offenders.push_back(
        {{"org", r.org}, {"name", r.name}, {"non_compliant", r.non_compliant}});
  }
  json drills = json::array();
  for (const SeasonDrill& d : s.drills) {
    drills.push_back(
        {{"id", d.id}, {"name", d.name}, {"at", FormatRfc3339(d.at)}});
  }
  return {{"from", FormatRfc3339(s.from)},
          {"to", FormatRfc3339(s.to)},
          {"warnings", s.warnings_by_level},
          {"areas", areas},
          {"forecasts",
           {{"submitted", s.forecasts},
            {"area_days_over_200", s.forecast_days_over_200}}},
          {"on_time", on_time_json(s.on_time)},
          {"on_time_by_month", by_month},
          {"repeat_non_compliant", offenders},
          {"bodies_by_failures", bodies},
          {"drills", drills}};
}

Result<HttpReply> SeasonJson(const HandlerDeps& deps, const RequestContext&,
                             const httplib::Request& req) {
  auto range = RangeOf(deps, req);
  if (!range.ok()) return range.error();
  auto season = deps.season.Season(range.value().from, range.value().to);
  if (!season.ok()) return season.error();
  return HttpReply::Json(200, SeasonToJson(season.value()));
}

Result<HttpReply> SeasonPage(const HandlerDeps& deps, const RequestContext&,
                             const httplib::Request& req) {
  auto range = RangeOf(deps, req);
  if (!range.ok()) return range.error();
  auto page = deps.season.SeasonHtml(range.value().from, range.value().to);
  if (!page.ok()) return page.error();
  return HttpReply::PrintablePage(std::move(page).value());
}

}  // namespace

std::span<const Endpoint> SeasonEndpoints() {
  static const Endpoint endpoints[] = {
      {{"GET", "/api/v1/season", "GET /api/v1/season", true, kStaff},
       SeasonJson},
      {{"GET", "/api/v1/season\\.html", "GET /api/v1/season.html", true,
        kStaff},
       SeasonPage},
  };
  return endpoints;
}

}  // namespace hazegate::internal
