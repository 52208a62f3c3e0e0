// The directory: areas, orgs, and the emission-reduction list import.
#include "handlers.h"
#include "hazegate/config/directory_json.h"
#include "hazegate/config/enterprise_import.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

// Enterprises and schools may see only their own org.
bool SeesOnlyOwnOrg(Role role) {
  return role == Role::kEnterprise || role == Role::kSchool;
}

Result<HttpReply> ListAreas(const Directory& directory,
                            const httplib::Request& req) {
  auto page = ParsePage(req);
  if (!page.ok()) return page.error();
  auto areas = directory.ListAreas({page.value().limit, page.value().before});
  if (!areas.ok()) return areas.error();
  return HttpReply::Json(200, JsonArray(areas.value(), AreaToJson));
}

Result<HttpReply> ListOrgs(const Directory& directory,
                           const httplib::Request& req) {
  auto page = ParsePage(req);
  if (!page.ok()) return page.error();
  OrgQuery query{req.get_param_value("kind"),
                 req.get_param_value("area"),
                 {page.value().limit, page.value().before}};
  auto orgs = directory.ListOrgs(query);
  if (!orgs.ok()) return orgs.error();
  return HttpReply::Json(200, JsonArray(orgs.value(), OrgListingToJson));
}

// Contacts (contract v3) only for the office, the command, the org itself
// and the county of its area.
Result<bool> SeesContacts(const HandlerDeps& deps, const RequestContext& ctx,
                          const Org& org) {
  const Role role = ctx.caller().role;
  if (role == Role::kOffice || role == Role::kCommand ||
      ctx.caller().org == org.id) {
    return true;
  }
  if (role != Role::kCounty) return false;
  auto area = CountyArea(deps, ctx);
  if (!area.ok()) return area.error();
  return area.value() == org.area;
}

Result<HttpReply> GetOrg(const HandlerDeps& deps, const RequestContext& ctx,
                         const httplib::Request& req) {
  const std::string id = req.matches[1];
  if (SeesOnlyOwnOrg(ctx.caller().role) && ctx.caller().org != id) {
    return Error::NotFound("org " + id);
  }
  auto org = deps.directory.GetOrg(id);
  if (!org.ok()) return org.error();
  json out = OrgToJson(org.value());
  auto sees = SeesContacts(deps, ctx, org.value());
  if (!sees.ok()) return sees.error();
  if (sees.value()) {
    auto contacts = deps.directory.Contacts(id);
    if (!contacts.ok()) return contacts.error();
    out["contacts"] = ContactsToJson(contacts.value());
  }
  return HttpReply::Json(200, out);
}

Result<HttpReply> ImportEnterprises(const HandlerDeps& deps,
                                    const RequestContext& ctx,
                                    const httplib::Request& req) {
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("text/csv", 0) != 0) {
    return Error{
        ErrorKind::kUnsupportedMedia, "Content-Type must be text/csv", {}, {}};
  }
  auto summary = ImportEnterprisesCsv(deps.store, req.body,
                                      ctx.caller().username, deps.clock);
  if (!summary.ok()) return summary.error();
  return HttpReply::Json(200, {{"created", summary.value().created},
                               {"updated", summary.value().updated}});
}

}  // namespace

std::span<const Endpoint> DirectoryEndpoints() {
  static const Endpoint endpoints[] = {
      {{"GET", "/api/v1/areas", "GET /api/v1/areas", true, kEveryone},
       [](const HandlerDeps& deps, const RequestContext&,
          const httplib::Request& req) {
         return ListAreas(deps.directory, req);
       }},
      {{"GET", "/api/v1/orgs", "GET /api/v1/orgs", true, kStaff},
       [](const HandlerDeps& deps, const RequestContext&,
          const httplib::Request& req) {
         return ListOrgs(deps.directory, req);
       }},
      {{"GET", "/api/v1/orgs/([^/]+)", "GET /api/v1/orgs/{id}", true,
        kEveryone},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) { return GetOrg(deps, ctx, req); }},
      {{"POST",
        "/api/v1/enterprises/import",
        "POST /api/v1/enterprises/import",
        true,
        {Role::kAdmin, Role::kOffice}},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         return ImportEnterprises(deps, ctx, req);
       }},
  };
  return endpoints;
}

}  // namespace hazegate::internal
