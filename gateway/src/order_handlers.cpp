// Orders as their recipients use them: list (their receipt), acknowledge.
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
  return HttpReply::Json(200, JsonArray(list.value(), OrderToJson));
}

// An optional RFC 3339 time; kInvalidInput naming `field` otherwise.
Result<std::optional<TimePoint>> OptionalTimeField(const nlohmann::json& body,
                                                   const char* field) {
  const auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<TimePoint>();
  std::optional<TimePoint> time;
  if (it->is_string()) time = ParseRfc3339(it->get<std::string>());
  if (!time) {
    return Error::InvalidField(field, "must be an RFC 3339 time");
  }
  return time;
}

Result<HttpReply> Ack(OrderService& orders, const RequestContext& ctx,
                      const httplib::Request& req) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  const auto note = body.value().find("note");
  if (note != body.value().end() && !note->is_null() && !note->is_string()) {
    return Error::InvalidField("note", "must be a string");
  }
  auto tapped = OptionalTimeField(body.value(), "acked_at_client");
  if (!tapped.ok()) return tapped.error();
  auto acked = orders.Ack({req.matches[1], ActorOf(ctx), "https",
                           note != body.value().end() && note->is_string()
                               ? note->get<std::string>()
                               : "",
                           tapped.value()});
  if (!acked.ok()) return acked.error();
  return HttpReply::Json(200, OrderToJson(acked.value()));
}

// 再次发送 (issue 25): the silent org's open order again over MQTT and, when
// SMS is on, to its contacts. A county chases the orgs of its own area.
Result<HttpReply> SendAgain(const HandlerDeps& deps, const RequestContext& ctx,
                            const httplib::Request& req) {
  auto area = CountyArea(deps, ctx);
  if (!area.ok()) return area.error();
  const std::string id = req.matches[1];
  auto order = deps.orders.SendAgain(id, ActorOf(ctx), area.value());
  if (!order.ok()) return order.error();
  int sms = 0;
  if (deps.sms != nullptr) {
    auto queued = deps.sms->SendAgain(id);
    if (!queued.ok()) return queued.error();
    sms = queued.value();
  }
  if (deps.outbox_written) deps.outbox_written();
  return HttpReply::Json(202, {{"order_id", id}, {"mqtt", true}, {"sms", sms}});
}

}  // namespace

std::span<const Endpoint> OrderEndpoints() {
  static const Endpoint endpoints[] = {
      {{"GET", "/api/v1/orders", "GET /api/v1/orders", true, kOrgMembers},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         return ListOwn(deps.orders, ctx, req);
       }},
      {{"POST", "/api/v1/orders/([^/]+)/ack", "POST /api/v1/orders/{id}/ack",
        true, kOrgMembers},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) { return Ack(deps.orders, ctx, req); }},
      {{"POST",
        "/api/v1/orders/([^/]+)/send-again",
        "POST /api/v1/orders/{id}/send-again",
        true,
        {Role::kCommand, Role::kOffice, Role::kCounty}},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) { return SendAgain(deps, ctx, req); }},
  };
  return endpoints;
}

}  // namespace hazegate::internal
