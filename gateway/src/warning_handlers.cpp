// Warnings: issue, approve, reject, lift, read, CAP, and their orders.
#include "handlers.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

Result<HttpReply> ListOrders(const WarningService& warnings,
                             const httplib::Request& req) {
  auto page = ParsePage(req);
  if (!page.ok()) return page.error();
  const OrderFilter filter{req.get_param_value("status"),
                           req.get_param_value("kind"),
                           req.get_param_value("area"),
                           {page.value().limit, page.value().before}};
  return JsonReply(200, warnings.Orders(req.matches[1], filter));
}

}  // namespace

// The evaluation: JSON, the printable page (no scripts, styles inline), the
// reduction account.
void AddEvaluationHandlers(const HandlerDeps& deps, HandlerMap* handlers) {
  EvaluationService& evaluation = deps.evaluation;
  (*handlers)["GET /api/v1/warnings/{id}/summary"] =
      [&evaluation](const RequestContext&, const httplib::Request& req) {
        return JsonReply(200, evaluation.Summary(req.matches[1]));
      };
  (*handlers)["GET /api/v1/warnings/{id}/reduction"] =
      [&evaluation](const RequestContext&, const httplib::Request& req) {
        return JsonReply(200, evaluation.Reduction(req.matches[1]));
      };
  (*handlers)["GET /api/v1/warnings/{id}/summary.html"] =
      [&evaluation](const RequestContext&,
                    const httplib::Request& req) -> Result<HttpReply> {
    auto page = evaluation.SummaryHtml(req.matches[1]);
    if (!page.ok()) return page.error();
    return HttpReply{200,
                     "text/html; charset=utf-8",
                     std::move(page).value(),
                     {{"Content-Security-Policy",
                       "default-src 'none'; style-src 'unsafe-inline'"}}};
  };
}

void AddWarningHandlers(const HandlerDeps& deps, HandlerMap* handlers) {
  AddEvaluationHandlers(deps, handlers);
  WarningService& warnings = deps.warnings;
  (*handlers)["POST /api/v1/warnings"] =
      [&warnings](const RequestContext& ctx, const httplib::Request& req) {
        return WithBody(req, 201, [&](const json& body) {
          return warnings.Create(body, ActorOf(ctx));
        });
      };
  (*handlers)["GET /api/v1/warnings"] =
      [&warnings](const RequestContext&,
                  const httplib::Request& req) -> Result<HttpReply> {
    auto page = ParsePage(req);
    if (!page.ok()) return page.error();
    return JsonReply(200,
                     warnings.List(req.get_param_value("status"),
                                   {page.value().limit, page.value().before}));
  };
  (*handlers)["GET /api/v1/warnings/{id}"] =
      [&warnings](const RequestContext&, const httplib::Request& req) {
        return JsonReply(200, warnings.Get(req.matches[1]));
      };
  (*handlers)["POST /api/v1/warnings/{id}/approve"] =
      [&warnings](const RequestContext& ctx, const httplib::Request& req) {
        return JsonReply(200, warnings.Approve(req.matches[1], ActorOf(ctx)));
      };
  (*handlers)["POST /api/v1/warnings/{id}/reject"] =
      [&warnings](const RequestContext& ctx, const httplib::Request& req) {
        return WithBody(req, 200, [&](const json& body) {
          return warnings.Reject(req.matches[1], body, ActorOf(ctx));
        });
      };
  (*handlers)["POST /api/v1/warnings/{id}/lift"] =
      [&warnings](const RequestContext& ctx, const httplib::Request& req) {
        return WithBody(req, 200, [&](const json& body) {
          return warnings.Lift(req.matches[1], body, ActorOf(ctx));
        });
      };
  (*handlers)["GET /api/v1/warnings/{id}/cap"] =
      [&warnings](const RequestContext&,
                  const httplib::Request& req) -> Result<HttpReply> {
    auto cap = warnings.Cap(req.matches[1]);
    if (!cap.ok()) return cap.error();
    return HttpReply{
        200, "application/cap+xml; charset=utf-8", std::move(cap).value(), {}};
  };
  (*handlers)["GET /api/v1/warnings/{id}/orders"] =
      [&warnings](const RequestContext&, const httplib::Request& req) {
        return ListOrders(warnings, req);
      };
}

}  // namespace hazegate::internal
