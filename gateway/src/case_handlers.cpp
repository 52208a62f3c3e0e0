// Cases: lists, one case, and the actions of the office and the site's
// county.
#include "handlers.h"
#include "hazegate/inspection/case_json.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

const char* const kCaseStatuses[] = {"open", "rectifying", "closed",
                                     "penalized"};

Result<HttpReply> List(const HandlerDeps& deps, const RequestContext& ctx,
                       const httplib::Request& req) {
  auto page = ParsePage(req);
  if (!page.ok()) return page.error();
  auto area = CountyArea(deps, ctx);
  if (!area.ok()) return area.error();
  const CaseFilter filter{req.get_param_value("status"),
                          req.get_param_value("site"),
                          VisibleSite(ctx),
                          area.value(),
                          {page.value().limit, page.value().before}};
  if (!filter.status.empty() && !OneOf(filter.status, kCaseStatuses)) {
    return Error::InvalidField("status", "unknown status " + filter.status);
  }
  auto cases = deps.cases.List(filter);
  if (!cases.ok()) return cases.error();
  return HttpReply::Json(200, JsonArray(cases.value(), CaseToJson));
}

Result<HttpReply> Act(const HandlerDeps& deps, const RequestContext& ctx,
                      const httplib::Request& req) {
  auto area = CountyArea(deps, ctx);  // a county acts only in its area
  if (!area.ok()) return area.error();
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  auto request = ParseCaseAction(body.value());
  if (!request.ok()) return request.error();
  auto acted = deps.cases.Act(req.matches[1], request.value(), ActorOf(ctx),
                              area.value());
  if (!acted.ok()) return acted.error();
  return HttpReply::Json(200, CaseToJson(acted.value()));
}

}  // namespace

std::span<const Endpoint> CaseEndpoints() {
  static const Endpoint endpoints[] = {
      {{"GET", "/api/v1/cases", "GET /api/v1/cases", true, kStaffAndEnterprise},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) { return List(deps, ctx, req); }},
      {{"GET", "/api/v1/cases/([^/]+)", "GET /api/v1/cases/{id}", true,
        kStaffAndEnterprise},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) -> Result<HttpReply> {
         auto area = CountyArea(deps, ctx);
         if (!area.ok()) return area.error();
         auto found =
             deps.cases.Get(req.matches[1], VisibleSite(ctx), area.value());
         if (!found.ok()) return found.error();
         return HttpReply::Json(200, CaseToJson(found.value()));
       }},
      {{"POST",
        "/api/v1/cases/([^/]+)/actions",
        "POST /api/v1/cases/{id}/actions",
        true,
        {Role::kOffice, Role::kCounty}},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) { return Act(deps, ctx, req); }},
  };
  return endpoints;
}

}  // namespace hazegate::internal
