// Implementation reports: filed on an order, read back per order and per
// warning (JSON, streamed CSV), and who owes which by when.
#include "handlers.h"
#include "hazegate/oversight/report_json.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

Result<HttpReply> Report(ReportService& reports, const RequestContext& ctx,
                         const httplib::Request& req) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  auto request = ParseReportRequest(body.value());
  if (!request.ok()) return request.error();
  auto report = reports.Report(req.matches[1], request.value(), ActorOf(ctx));
  if (!report.ok()) return report.error();
  return HttpReply::Json(report.value().created ? 201 : 200,
                         FiledReportToJson(report.value().report));
}

// Whose reports the caller may read: the office and the command all, a
// county those of its area's orgs, a member unit its own and its sector's
// (the plan's `supervises`), anyone else its own org's.
ReportScope ScopeOf(const RequestContext& ctx) {
  switch (ctx.caller().role) {
    case Role::kOffice:
    case Role::kCommand:
      return {ReportScope::Kind::kAll, ""};
    case Role::kCounty:
      return {ReportScope::Kind::kAreaOfOrg, ctx.caller().org};
    case Role::kUnit:
      return {ReportScope::Kind::kSectorOfOrg, ctx.caller().org};
    default:
      return {ReportScope::Kind::kOwnOrg, ctx.caller().org};
  }
}

Result<ReportFilter> FilterOf(const httplib::Request& req) {
  ReportFilter filter{req.get_param_value("org"), req.get_param_value("kind")};
  if (!filter.kind.empty() && !IsOrgKind(filter.kind)) {
    return Error::InvalidField("kind", "unknown org kind " + filter.kind);
  }
  return filter;
}

Result<HttpReply> WarningReports(const ReportService& reports,
                                 const RequestContext& ctx,
                                 const httplib::Request& req, bool csv) {
  auto filter = FilterOf(req);
  if (!filter.ok()) return filter.error();
  if (csv) {
    return StreamedCsv(
        [&reports, id = std::string(req.matches[1]), filter = filter.value(),
         scope = ScopeOf(ctx)](int64_t cursor) {
          return reports.WarningReportsCsv(id, filter, scope, cursor);
        },
        "reports.csv");
  }
  auto page = ParsePage(req);
  if (!page.ok()) return page.error();
  return JsonReply(200,
                   AsJsonArray(reports.WarningReports(
                                   req.matches[1], filter.value(), ScopeOf(ctx),
                                   {page.value().limit, page.value().before}),
                               ReportToJson));
}

}  // namespace

std::span<const Endpoint> ReportEndpoints() {
  static const Endpoint endpoints[] = {
      // A report is at most 4,000 characters and 50 figures (~30 KiB as
      // JSON with escapes): 64 KiB.
      {{"POST", "/api/v1/orders/([^/]+)/reports",
        "POST /api/v1/orders/{id}/reports", true, kOrgMembers, false, 64 << 10},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         return Report(deps.reports, ctx, req);
       }},
      {{"GET", "/api/v1/orders/([^/]+)/reports",
        "GET /api/v1/orders/{id}/reports", true, kOrgMembers},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         return JsonReply(200, AsJsonArray(deps.reports.OrderReports(
                                               req.matches[1], ScopeOf(ctx)),
                                           ReportToJson));
       }},
      {{"GET", "/api/v1/warnings/([^/]+)/reports",
        "GET /api/v1/warnings/{id}/reports", true, kOrgMembers},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         return WarningReports(deps.reports, ctx, req, false);
       }},
      {{"GET", "/api/v1/warnings/([^/]+)/reporting",
        "GET /api/v1/warnings/{id}/reporting", true, kOrgMembers},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         return JsonReply(200, AsJsonArray(deps.reports.Reporting(
                                               req.matches[1], ScopeOf(ctx)),
                                           ReportOwedToJson));
       }},
      {{"GET",
        "/api/v1/warnings/([^/]+)/sector",
        "GET /api/v1/warnings/{id}/sector",
        true,
        {Role::kUnit}},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) -> Result<HttpReply> {
         auto sectors = deps.reports.Sectors(req.matches[1], ctx.caller().org);
         if (!sectors.ok()) return sectors.error();
         nlohmann::json list = nlohmann::json::array();
         for (const SectorTally& s : sectors.value()) {
           list.push_back({{"kind", s.kind},
                           {"orders", s.orders},
                           {"acknowledged", s.acknowledged},
                           {"reported", s.reported}});
         }
         return HttpReply::Json(200, {{"warning_id", req.matches[1]},
                                      {"org", ctx.caller().org},
                                      {"sectors", list}});
       }},
      {{"GET", "/api/v1/warnings/([^/]+)/reports\\.csv",
        "GET /api/v1/warnings/{id}/reports.csv", true, kOrgMembers, true},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         return WarningReports(deps.reports, ctx, req, true);
       }},
  };
  return endpoints;
}

}  // namespace hazegate::internal
