// Assignments: the office or an inspection group hands sites to inspectors;
// suggestions rank the sites worth a visit.
#include "handlers.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

// Besides the office, only inspectors of a group (the inspection group)
// assign; county inspectors receive assignments.
Status MayAssign(const HandlerDeps& deps, const RequestContext& ctx) {
  if (ctx.caller().role == Role::kOffice) return Ok{};
  auto org = deps.directory.GetOrg(ctx.caller().org);
  if (org.ok() && org.value()["kind"] == "group") return Ok{};
  return Error::Forbidden("only the office or an inspection group assigns");
}

Result<HttpReply> Create(const HandlerDeps& deps, const RequestContext& ctx,
                         const httplib::Request& req) {
  auto allowed = MayAssign(deps, ctx);
  if (!allowed.ok()) return allowed.error();
  return WithBody(req, 201, [&](const json& body) {
    return deps.assignments.Create(body, ActorOf(ctx));
  });
}

Result<HttpReply> Suggestions(const HandlerDeps& deps,
                              const httplib::Request& req) {
  const std::string warning = req.get_param_value("warning");
  if (warning.empty()) {
    return Error::InvalidField("warning", "is required: the warning's id");
  }
  auto page = ParsePage(req);
  if (!page.ok()) return page.error();
  return JsonReply(200,
                   deps.assignments.Suggestions(warning, page.value().limit));
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
         return JsonReply(200, deps.assignments.List(
                                   req.get_param_value("warning"),
                                   req.get_param_value("inspector_org"),
                                   {page.value().limit, page.value().before}));
       }},
      {{"GET", "/api/v1/assignments/suggestions",
        "GET /api/v1/assignments/suggestions", true, kStaff},
       [](const HandlerDeps& deps, const RequestContext&,
          const httplib::Request& req) { return Suggestions(deps, req); }},
  };
  return endpoints;
}

}  // namespace hazegate::internal
