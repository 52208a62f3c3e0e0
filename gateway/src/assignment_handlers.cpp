// Assignments: the office or an inspection group hands sites to inspectors;
// suggestions rank the sites worth a visit.
#include "handlers.h"
#include "hazegate/inspection/assignment_json.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

// Besides the office, only inspectors of a group (the inspection group)
// assign; county inspectors receive assignments.
Status MayAssign(const HandlerDeps& deps, const RequestContext& ctx) {
  if (ctx.caller().role == Role::kOffice) return Ok{};
  auto org = deps.directory.GetOrg(ctx.caller().org);
  if (org.ok() && org.value().kind == "group") return Ok{};
  return Error::Forbidden("only the office or an inspection group assigns");
}

Result<HttpReply> Create(const HandlerDeps& deps, const RequestContext& ctx,
                         const httplib::Request& req) {
  auto allowed = MayAssign(deps, ctx);
  if (!allowed.ok()) return allowed.error();
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  auto request = ParseAssignmentRequest(body.value(), deps.clock.Now());
  if (!request.ok()) return request.error();
  auto created = deps.assignments.Create(request.value(), ActorOf(ctx));
  if (!created.ok()) return created.error();
  return HttpReply::Json(201, AssignmentToJson(created.value()));
}

Result<HttpReply> Suggestions(const HandlerDeps& deps,
                              const httplib::Request& req) {
  const std::string warning = req.get_param_value("warning");
  if (warning.empty()) {
    return Error::InvalidField("warning", "is required: the warning's id");
  }
  auto page = ParsePage(req);
  if (!page.ok()) return page.error();
  auto ranked = deps.assignments.Suggestions(warning, page.value().limit);
  if (!ranked.ok()) return ranked.error();
  return HttpReply::Json(200, JsonArray(ranked.value(), SuggestionToJson));
}

}  // namespace

std::span<const Endpoint> AssignmentEndpoints() {
  static const Endpoint endpoints[] = {
      {{"POST",
        "/api/v1/assignments",
        "POST /api/v1/assignments",
        true,
        {Role::kOffice, Role::kInspector}},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) { return Create(deps, ctx, req); }},
      {{"GET", "/api/v1/assignments", "GET /api/v1/assignments", true, kStaff},
       [](const HandlerDeps& deps, const RequestContext&,
          const httplib::Request& req) {
         auto page = ParsePage(req);
         if (!page.ok()) return Result<HttpReply>(page.error());
         auto listed =
             deps.assignments.List(req.get_param_value("warning"),
                                   req.get_param_value("inspector_org"),
                                   {page.value().limit, page.value().before});
         if (!listed.ok()) return Result<HttpReply>(listed.error());
         return Result<HttpReply>(
             HttpReply::Json(200, JsonArray(listed.value(), AssignmentToJson)));
       }},
      {{"GET", "/api/v1/assignments/suggestions",
        "GET /api/v1/assignments/suggestions", true, kStaff},
       [](const HandlerDeps& deps, const RequestContext&,
          const httplib::Request& req) { return Suggestions(deps, req); }},
  };
  return endpoints;
}

}  // namespace hazegate::internal
