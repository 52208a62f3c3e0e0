// Orders as their recipients use them: list, acknowledge, report.
#include "handlers.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

const char* const kOrderStatuses[] = {"pending",      "delivered", "received",
                                      "acknowledged", "overdue",   "canceled"};

Result<HttpReply> ListOwn(OrderService& orders, const RequestContext& ctx,
                          const httplib::Request& req) {
  auto page = ParsePage(req);
  if (!page.ok()) return page.error();
  const std::string status = req.get_param_value("status");
  if (!status.empty() && !OneOf(status, kOrderStatuses)) {
    return Error::InvalidField("status", "unknown status " + status);
  }
  auto list = orders.ListForOrg(ctx.caller().org, status,
                                {page.value().limit, page.value().before});
  if (!list.ok()) return list.error();
  return HttpReply::Json(200, list.value());
}

Result<HttpReply> Ack(OrderService& orders, const RequestContext& ctx,
                      const httplib::Request& req) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  const auto note = body.value().find("note");
  if (note != body.value().end() && !note->is_null() && !note->is_string()) {
    return Error::InvalidField("note", "must be a string");
  }
  auto acked = orders.Ack({req.matches[1], ActorOf(ctx), "https",
                           note != body.value().end() && note->is_string()
                               ? note->get<std::string>()
                               : ""});
  if (!acked.ok()) return acked.error();
  return HttpReply::Json(200, acked.value());
}

Result<HttpReply> Report(OrderService& orders, const RequestContext& ctx,
                         const httplib::Request& req) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  auto report = orders.Report(req.matches[1], body.value(), ActorOf(ctx));
  if (!report.ok()) return report.error();
  return HttpReply::Json(report.value().created ? 201 : 200,
                         report.value().body);
}

// Whose reports the caller may read: the office and the command all, a
// county those of its area's orgs, anyone else its own org's.
ReportScope ScopeOf(const RequestContext& ctx) {
  switch (ctx.caller().role) {
    case Role::kOffice:
    case Role::kCommand:
      return {ReportScope::Kind::kAll, ""};
    case Role::kCounty:
      return {ReportScope::Kind::kAreaOfOrg, ctx.caller().org};
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

Result<HttpReply> WarningReports(const OrderService& orders,
                                 const RequestContext& ctx,
                                 const httplib::Request& req, bool csv) {
  auto filter = FilterOf(req);
  if (!filter.ok()) return filter.error();
  if (csv) {
    return StreamedCsv(
        [&orders, id = std::string(req.matches[1]), filter = filter.value(),
         scope = ScopeOf(ctx)](int64_t cursor) {
          return orders.WarningReportsCsv(id, filter, scope, cursor);
        },
        "reports.csv");
  }
  auto page = ParsePage(req);
  if (!page.ok()) return page.error();
  return JsonReply(
      200, orders.WarningReports(req.matches[1], filter.value(), ScopeOf(ctx),
                                 {page.value().limit, page.value().before}));
}

}  // namespace

void AddOrderHandlers(const HandlerDeps& deps, HandlerMap* handlers) {
  OrderService& orders = deps.orders;
  (*handlers)["GET /api/v1/orders"] = [&orders](const RequestContext& ctx,
                                                const httplib::Request& req) {
    return ListOwn(orders, ctx, req);
  };
  (*handlers)["POST /api/v1/orders/{id}/ack"] =
      [&orders](const RequestContext& ctx, const httplib::Request& req) {
        return Ack(orders, ctx, req);
      };
  (*handlers)["POST /api/v1/orders/{id}/reports"] =
      [&orders](const RequestContext& ctx, const httplib::Request& req) {
        return Report(orders, ctx, req);
      };
  (*handlers)["GET /api/v1/orders/{id}/reports"] =
      [&orders](const RequestContext& ctx, const httplib::Request& req) {
        return JsonReply(200,
                         orders.OrderReports(req.matches[1], ScopeOf(ctx)));
      };
  (*handlers)["GET /api/v1/warnings/{id}/reports"] =
      [&orders](const RequestContext& ctx, const httplib::Request& req) {
        return WarningReports(orders, ctx, req, false);
      };
  (*handlers)["GET /api/v1/warnings/{id}/reporting"] =
      [&orders](const RequestContext& ctx, const httplib::Request& req) {
        return JsonReply(200, orders.Reporting(req.matches[1], ScopeOf(ctx)));
      };
  (*handlers)["GET /api/v1/warnings/{id}/reports.csv"] =
      [&orders](const RequestContext& ctx, const httplib::Request& req) {
        return WarningReports(orders, ctx, req, true);
      };
}

}  // namespace hazegate::internal
