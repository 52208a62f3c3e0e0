// Devices of the caller's org: their own broker accounts.
#include "handlers.h"
#include "hazegate/mqtt/device_json.h"

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
  const auto name = body.value().find("name");
  auto created =
      name == body.value().end() || !name->is_string()
          ? Result<Device>(
                Error::InvalidField("name", "is required (a string)"))
          : deps.devices.Create(ActorOf(ctx), name->get<std::string>());
  deps.device_creations.Finish(key, true, false);
  if (!created.ok()) return created.error();
  const MqttLogin& mqtt = created.value().mqtt;
  if (deps.device_created) deps.device_created(mqtt.username, mqtt.password);
  nlohmann::json device = DeviceToJson(created.value());
  // Where its org's topics are (a browser app has no configuration).
  device["mqtt"]["topic_prefix"] = deps.mqtt_topic_prefix;
  return HttpReply::Json(201, device);
}

}  // namespace

std::span<const Endpoint> DeviceEndpoints() {
  static const Endpoint endpoints[] = {
      {{"POST", "/api/v1/devices", "POST /api/v1/devices", true, kOrgMembers},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) { return Create(deps, ctx, req); }},
      {{"GET", "/api/v1/devices", "GET /api/v1/devices", true, kOrgMembers},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) -> Result<HttpReply> {
         auto page = ParsePage(req);
         if (!page.ok()) return page.error();
         auto devices = deps.devices.List(
             ctx.caller().org, {page.value().limit, page.value().before});
         if (!devices.ok()) return devices.error();
         return HttpReply::Json(200, JsonArray(devices.value(), DeviceToJson));
       }},
      {{"DELETE", "/api/v1/devices/([^/]+)", "DELETE /api/v1/devices/{id}",
        true, kOrgMembers},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) -> Result<HttpReply> {
         auto deleted = deps.devices.Delete(ActorOf(ctx), req.matches[1]);
         if (!deleted.ok()) return deleted.error();
         return HttpReply{204, "", "", {}};
       }},
  };
  return endpoints;
}

}  // namespace hazegate::internal
