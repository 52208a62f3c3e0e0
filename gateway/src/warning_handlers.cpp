// Warnings: issue, approve, reject, lift, read, CAP, and their orders.
#include "handlers.h"
#include "hazegate/oversight/evaluation_json.h"
#include "hazegate/warnings/warning_json.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

// A county reads its own area's orders only: another area is none.
Result<HttpReply> ListOrders(const HandlerDeps& deps, const RequestContext& ctx,
                             const httplib::Request& req) {
  auto page = ParsePage(req);
  if (!page.ok()) return page.error();
  auto county = CountyArea(deps, ctx);
  if (!county.ok()) return county.error();
  OrderFilter filter{req.get_param_value("status"),
                     req.get_param_value("kind"),
                     req.get_param_value("area"),
                     {page.value().limit, page.value().before}};
  if (!county.value().empty()) {
    if (!filter.area.empty() && filter.area != county.value()) {
      filter.page.limit = 0;
    }
    filter.area = county.value();
  }
  auto orders = deps.warnings.Orders(req.matches[1], filter);
  if (!orders.ok()) return orders.error();
  return HttpReply::Json(200, JsonArray(orders.value(), OrderToJson));
}

// The warning as the API returns it to `audience`, or the domain's error.
Result<HttpReply> WarningReply(int status, const Result<Warning>& warning,
                               const WarningAudience& audience = {}) {
  if (!warning.ok()) return warning.error();
  return HttpReply::Json(status, WarningToJson(warning.value(), audience));
}

// Runs `use` on the body read as a WarningRequest, with the conclusion of
// the consultation it cites (issue 22) looked up in the forecast room.
template <typename Use>
Result<HttpReply> WithRequest(const HandlerDeps& deps,
                              const httplib::Request& req, Use use) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  auto request = ParseWarningRequest(body.value());
  if (!request.ok()) return request.error();
  if (!request.value().consultation_id.empty()) {
    auto held = deps.forecasts.GetConsultation(request.value().consultation_id);
    if (!held.ok()) {
      if (held.error().kind != ErrorKind::kNotFound) return held.error();
      return Error::InvalidField("consultation_id", "unknown consultation");
    }
    request.value().consultation_conclusion = held.value().conclusion;
  }
  return use(request.value());
}

// Reject and lift: `close` with the body's reason.
template <typename Close>
Result<HttpReply> WithReason(const httplib::Request& req, Close close) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  auto reason = ParseReason(body.value());
  if (!reason.ok()) return reason.error();
  return WarningReply(200, close(reason.value()));
}

// POST /warnings/{id}/findings: {text} for the plan's next revision.
Result<HttpReply> AddFinding(const HandlerDeps& deps, const RequestContext& ctx,
                             const httplib::Request& req) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  const auto text = body.value().find("text");
  if (text == body.value().end() || !text->is_string()) {
    return Error::InvalidField("text", "is required (a string)");
  }
  auto finding = deps.evaluation.AddFinding(
      req.matches[1], text->get<std::string>(), ActorOf(ctx).username);
  if (!finding.ok()) return finding.error();
  return HttpReply::Json(201, FindingToJson(finding.value()));
}

// The evaluation's figures over the caller's area (a county) or all.
template <typename Read>
auto OverArea(const HandlerDeps& deps, const RequestContext& ctx, Read read)
    -> decltype(read(std::string())) {
  auto area = CountyArea(deps, ctx);
  if (!area.ok()) return area.error();
  return read(area.value());
}

}  // namespace

// The evaluation: JSON, the printable page (no scripts, styles inline), the
// reduction account.
std::span<const Endpoint> EvaluationEndpoints() {
  static const Endpoint endpoints[] = {
      {{"POST",
        "/api/v1/warnings/([^/]+)/findings",
        "POST /api/v1/warnings/{id}/findings",
        true,
        {Role::kOffice, Role::kCommand}},
       AddFinding},
      {{"GET", "/api/v1/warnings/([^/]+)/summary",
        "GET /api/v1/warnings/{id}/summary", true, kStaff, true},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         return JsonReply(
             200, OverArea(deps, ctx, [&](const std::string& area) {
               return AsJson(deps.evaluation.Summary(req.matches[1], area),
                             SummaryToJson);
             }));
       }},
      {{"GET", "/api/v1/warnings/([^/]+)/reduction",
        "GET /api/v1/warnings/{id}/reduction", true, kStaff, true},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         return JsonReply(
             200, OverArea(deps, ctx, [&](const std::string& area) {
               return AsJson(deps.evaluation.Reduction(req.matches[1], area),
                             ReductionToJson);
             }));
       }},
      {{"GET", "/api/v1/warnings/([^/]+)/summary\\.html",
        "GET /api/v1/warnings/{id}/summary.html", true, kStaff, true},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) -> Result<HttpReply> {
         auto page = OverArea(deps, ctx, [&](const std::string& area) {
           return deps.evaluation.SummaryHtml(req.matches[1], area);
         });
         if (!page.ok()) return page.error();
         return HttpReply::PrintablePage(std::move(page).value());
       }},
  };
  return endpoints;
}

std::span<const Endpoint> WarningEndpoints() {
  static const Endpoint endpoints[] = {
      {{"POST",
        "/api/v1/warnings",
        "POST /api/v1/warnings",
        true,
        {Role::kOffice}},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         return WithRequest(deps, req, [&](const WarningRequest& request) {
           return WarningReply(201,
                               deps.warnings.Create(request, ActorOf(ctx)));
         });
       }},
      {{"GET", "/api/v1/warnings", "GET /api/v1/warnings", true, kEveryone},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) -> Result<HttpReply> {
         auto page = ParsePage(req);
         if (!page.ok()) return page.error();
         auto exercise = ParseFlag(req, "exercise");
         if (!exercise.ok()) return exercise.error();
         auto audience = AudienceOf(deps, ctx);
         if (!audience.ok()) return audience.error();
         auto list =
             deps.warnings.List(req.get_param_value("status"),
                                {page.value().limit, page.value().before},
                                audience.value(), exercise.value());
         if (!list.ok()) return list.error();
         return HttpReply::Json(
             200, JsonArray(list.value(), [&](const Warning& warning) {
               return WarningToJson(warning, audience.value());
             }));
       }},
      {{"GET", "/api/v1/warnings/([^/]+)", "GET /api/v1/warnings/{id}", true,
        kEveryone},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) -> Result<HttpReply> {
         auto audience = AudienceOf(deps, ctx);
         if (!audience.ok()) return audience.error();
         return WarningReply(
             200, deps.warnings.Get(req.matches[1], audience.value()),
             audience.value());
       }},
      {{"POST",
        "/api/v1/warnings/([^/]+)/approve",
        "POST /api/v1/warnings/{id}/approve",
        true,
        {Role::kCommand}},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         return WarningReply(
             200, deps.warnings.Approve(req.matches[1], ActorOf(ctx)));
       }},
      {{"POST",
        "/api/v1/warnings/([^/]+)/reject",
        "POST /api/v1/warnings/{id}/reject",
        true,
        {Role::kCommand}},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         return WithReason(req, [&](const std::string& reason) {
           return deps.warnings.Reject(req.matches[1], reason, ActorOf(ctx));
         });
       }},
      {{"POST",
        "/api/v1/warnings/([^/]+)/lift",
        "POST /api/v1/warnings/{id}/lift",
        true,
        {Role::kOffice}},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         return WithReason(req, [&](const std::string& reason) {
           return deps.warnings.Lift(req.matches[1], reason, ActorOf(ctx));
         });
       }},
      {{"GET", "/api/v1/warnings/([^/]+)/cap", "GET /api/v1/warnings/{id}/cap",
        true, kEveryone},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) -> Result<HttpReply> {
         auto audience = AudienceOf(deps, ctx);
         if (!audience.ok()) return audience.error();
         auto cap = deps.warnings.Cap(req.matches[1], audience.value());
         if (!cap.ok()) return cap.error();
         return HttpReply{200,
                          "application/cap+xml; charset=utf-8",
                          std::move(cap).value(),
                          {}};
       }},
      {{"POST",
        "/api/v1/warnings/preview",
        "POST /api/v1/warnings/preview",
        true,
        {Role::kOffice, Role::kCommand}},
       [](const HandlerDeps& deps, const RequestContext&,
          const httplib::Request& req) {
         return WithRequest(
             deps, req,
             [&](const WarningRequest& request) -> Result<HttpReply> {
               auto preview = deps.warnings.Preview(request);
               if (!preview.ok()) return preview.error();
               return HttpReply::Json(200, PreviewToJson(preview.value()));
             });
       }},
      {{"GET", "/api/v1/warnings/([^/]+)/orders",
        "GET /api/v1/warnings/{id}/orders", true, kStaff},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) { return ListOrders(deps, ctx, req); }},
  };
  return endpoints;
}

}  // namespace hazegate::internal
