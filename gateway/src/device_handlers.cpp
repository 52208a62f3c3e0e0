// Devices of the caller's org: their own broker accounts.
#include "handlers.h"

namespace hazegate::internal {

namespace {

// At most 10 a minute per account (429 past it, counted whatever the
// outcome); the 201 waits until the broker accepts the new login.
Result<HttpReply> Create(const HandlerDeps& deps, const RequestContext& ctx,
                         const httplib::Request& req) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  const std::string key = ctx.caller().username;
  if (!deps.device_creations.TryBegin(key)) {
    return Error::RateLimited(
        "at most 10 devices a minute per account",
        static_cast<int>(deps.device_creations.RetryAfter(key).count()));
  }
  auto created = deps.devices.Create(ActorOf(ctx), body.value());
  deps.device_creations.Finish(key, true, false);
  if (!created.ok()) return created.error();
  const nlohmann::json& mqtt = created.value()["mqtt"];
  if (deps.device_created)
    deps.device_created(mqtt["username"], mqtt["password"]);
  return HttpReply::Json(201, created.value());
}

}  // namespace

void AddDeviceHandlers(const HandlerDeps& deps, HandlerMap* handlers) {
  DeviceService& devices = deps.devices;
  (*handlers)["POST /api/v1/devices"] = [&deps](const RequestContext& ctx,
                                                const httplib::Request& req) {
    return Create(deps, ctx, req);
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
