// Devices of the caller's org: their own broker accounts.
#include "handlers.h"

namespace hazegate::internal {

void AddDeviceHandlers(const HandlerDeps& deps, HandlerMap* handlers) {
  DeviceService& devices = deps.devices;
  (*handlers)["POST /api/v1/devices"] =
      [&devices](const RequestContext& ctx,
                 const httplib::Request& req) -> Result<HttpReply> {
    auto body = ParseJsonObject(req);
    if (!body.ok()) return body.error();
    return JsonReply(201, devices.Create(ActorOf(ctx), body.value()));
  };
  (*handlers)["GET /api/v1/devices"] =
      [&devices](const RequestContext& ctx,
                 const httplib::Request& req) -> Result<HttpReply> {
    auto page = ParsePage(req);
    if (!page.ok()) return page.error();
    return JsonReply(200,
                     devices.List(ctx.caller().org,
                                  {page.value().limit, page.value().before}));
  };
  (*handlers)["DELETE /api/v1/devices/{id}"] =
      [&devices](const RequestContext& ctx,
                 const httplib::Request& req) -> Result<HttpReply> {
    auto deleted = devices.Delete(ActorOf(ctx), req.matches[1]);
    if (!deleted.ok()) return deleted.error();
    return HttpReply{204, "", "", {}};
  };
}

}  // namespace hazegate::internal
