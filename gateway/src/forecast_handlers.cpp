// Forecasts and recommendations (issue 22): the forecasting group or the
// office submits a forecast (JSON or CSV); the office records the region's
// notices and its consultations; staff read them all and what the plan's
// thresholds and the unanswered notices make of them against the levels in
// force.
#include "handlers.h"
#include "hazegate/forecast/forecast_json.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

// The office, or an account of the forecasting group (预报预警组: a group
// org whose name says so).
Status MayForecast(const HandlerDeps& deps, const RequestContext& ctx) {
  if (ctx.caller().role == Role::kOffice) return Ok{};
  auto org = deps.directory.GetOrg(ctx.caller().org);
  if (org.ok() && org.value().kind == "group" &&
      org.value().name.find("预报") != std::string::npos) {
    return Ok{};
  }
  return Error::Forbidden("only the office or the forecasting group");
}

Result<ForecastInput> Input(const HandlerDeps& deps,
                            const httplib::Request& req) {
  if (req.get_header_value("Content-Type").rfind("text/csv", 0) == 0) {
    std::optional<TimePoint> issued_at = deps.clock.Now();
    if (req.has_param("issued_at")) {
      issued_at = ParseRfc3339(req.get_param_value("issued_at"));
      if (!issued_at) {
        return Error::InvalidField("issued_at", "must be an RFC 3339 time");
      }
    }
    const std::string source =
        req.has_param("source") ? req.get_param_value("source") : "csv";
    return ForecastInputFromCsv(req.body, *issued_at, source);
  }
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  return ForecastInputFromJson(body.value());
}

Result<HttpReply> Submit(const HandlerDeps& deps, const RequestContext& ctx,
                         const httplib::Request& req) {
  // The body first (as every route answers a malformed one), then who.
  auto input = Input(deps, req);
  if (!input.ok()) return input.error();
  if (Status allowed = MayForecast(deps, ctx); !allowed.ok()) {
    return allowed.error();
  }
  auto stored = deps.forecasts.Submit(ActorOf(ctx), input.value());
  if (!stored.ok()) return stored.error();
  return HttpReply::Json(201, ForecastToJson(stored.value()));
}

Result<HttpReply> List(const HandlerDeps& deps, const httplib::Request& req) {
  auto page = ParsePage(req);
  if (!page.ok()) return page.error();
  auto latest = ParseFlag(req, "latest");
  if (!latest.ok()) return latest.error();
  auto list =
      deps.forecasts.List(req.get_param_value("area"),
                          latest.value().value_or(false), page.value().limit);
  if (!list.ok()) return list.error();
  return HttpReply::Json(200, JsonArray(list.value(), ForecastToJson));
}

Result<HttpReply> Recommendations(const HandlerDeps& deps) {
  auto board = deps.board.Board("");
  if (!board.ok()) return board.error();
  std::map<std::string, InForce> in_force;
  for (const AreaOnBoard& area : board.value().levels) {
    in_force[area.area] = {area.level, area.warning_id};
  }
  auto list = deps.forecasts.Recommendations(in_force);
  if (!list.ok()) return list.error();
  return HttpReply::Json(200, JsonArray(list.value(), RecommendationToJson));
}

template <typename Item, auto Parse, auto Add, auto ToJson>
Result<HttpReply> Record(const HandlerDeps& deps, const RequestContext& ctx,
                         const httplib::Request& req) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  Result<Item> item = Parse(body.value());
  if (!item.ok()) return item.error();
  auto stored = (deps.forecasts.*Add)(ActorOf(ctx), item.value());
  if (!stored.ok()) return stored.error();
  return HttpReply::Json(201, ToJson(stored.value()));
}

template <auto Read, auto ToJson>
Result<HttpReply> Listed(const HandlerDeps& deps, const httplib::Request& req) {
  auto page = ParsePage(req);
  if (!page.ok()) return page.error();
  auto list = (deps.forecasts.*Read)(page.value().limit);
  if (!list.ok()) return list.error();
  return HttpReply::Json(200, JsonArray(list.value(), ToJson));
}

}  // namespace

std::span<const Endpoint> ForecastEndpoints() {
  static const Endpoint endpoints[] = {
      {{"POST",
        "/api/v1/forecasts",
        "POST /api/v1/forecasts",
        true,
        {Role::kOffice, Role::kUnit, Role::kInspector}},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) { return Submit(deps, ctx, req); }},
      {{"GET", "/api/v1/forecasts", "GET /api/v1/forecasts", true, kStaff},
       [](const HandlerDeps& deps, const RequestContext&,
          const httplib::Request& req) { return List(deps, req); }},
      {{"GET", "/api/v1/recommendations", "GET /api/v1/recommendations", true,
        kStaff},
       [](const HandlerDeps& deps, const RequestContext&,
          const httplib::Request&) { return Recommendations(deps); }},
      {{"POST",
        "/api/v1/regional-notices",
        "POST /api/v1/regional-notices",
        true,
        {Role::kOffice}},
       &Record<RegionalNotice, &NoticeFromJson, &ForecastService::AddNotice,
               &NoticeToJson>},
      {{"GET", "/api/v1/regional-notices", "GET /api/v1/regional-notices", true,
        kStaff},
       [](const HandlerDeps& deps, const RequestContext&,
          const httplib::Request& req) {
         return Listed<&ForecastService::Notices, &NoticeToJson>(deps, req);
       }},
      {{"POST",
        "/api/v1/consultations",
        "POST /api/v1/consultations",
        true,
        {Role::kOffice}},
       &Record<Consultation, &ConsultationFromJson,
               &ForecastService::AddConsultation, &ConsultationToJson>},
      {{"GET", "/api/v1/consultations", "GET /api/v1/consultations", true,
        kStaff},
       [](const HandlerDeps& deps, const RequestContext&,
          const httplib::Request& req) {
         return Listed<&ForecastService::Consultations, &ConsultationToJson>(
             deps, req);
       }},
  };
  return endpoints;
}

}  // namespace hazegate::internal
