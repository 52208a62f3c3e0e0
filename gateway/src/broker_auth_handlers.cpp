// The clustered broker's questions (contract v3 §6): RabbitMQ's
// rabbitmq_auth_backend_http asks GET /internal/mqtt/{user,vhost,resource,
// topic} and reads "allow" or "deny" (200, text/plain). Only from this host,
// not through the front door (which refuses /internal/), and only with
// [mqtt] auth_http on; 404 otherwise.
#include "handlers.h"

namespace hazegate::internal {

namespace {

HttpReply Answer(bool allow) {
  return {200, "text/plain", allow ? "allow" : "deny", {}, {}};
}

bool Asked(const HandlerDeps& deps, const httplib::Request& req) {
  return deps.broker_authority != nullptr && FromThisHost(req);
}

std::string Param(const httplib::Request& req, const char* name) {
  return req.get_param_value(name);
}

Result<HttpReply> User(const HandlerDeps& deps, const RequestContext&,
                       const httplib::Request& req) {
  if (!Asked(deps, req)) return Error::NotFound("/internal/mqtt/user");
  const std::string username = Param(req, "username");
  if (!deps.broker_authority->Authenticate(username, Param(req, "password"))) {
    return Answer(false);
  }
  // The server's account may use the management API (broker_sessions.h).
  return HttpReply{200,
                   "text/plain",
                   deps.broker_authority->IsGateway(username)
                       ? "allow administrator"
                       : "allow",
                   {},
                   {}};
}

Result<HttpReply> Vhost(const HandlerDeps& deps, const RequestContext&,
                        const httplib::Request& req) {
  if (!Asked(deps, req)) return Error::NotFound("/internal/mqtt/vhost");
  return Answer(Param(req, "vhost") == "/" &&
                deps.broker_authority->Known(Param(req, "username")));
}

Result<HttpReply> Resource(const HandlerDeps& deps, const RequestContext&,
                           const httplib::Request& req) {
  if (!Asked(deps, req)) return Error::NotFound("/internal/mqtt/resource");
  return Answer(deps.broker_authority->MayUseResource(
      Param(req, "username"), Param(req, "resource"), Param(req, "name"),
      Param(req, "permission")));
}

Result<HttpReply> Topic(const HandlerDeps& deps, const RequestContext&,
                        const httplib::Request& req) {
  if (!Asked(deps, req)) return Error::NotFound("/internal/mqtt/topic");
  const std::string permission = Param(req, "permission");
  if (permission != "read" && permission != "write") return Answer(false);
  return Answer(Param(req, "name") == "amq.topic" &&
                deps.broker_authority->MayUseTopic(Param(req, "username"),
                                                   Param(req, "routing_key"),
                                                   permission == "write"));
}

}  // namespace

std::span<const Endpoint> BrokerAuthEndpoints() {
  static const Endpoint endpoints[] = {
      {{"GET", "/internal/mqtt/user", "GET /internal/mqtt/user", false, {}},
       User},
      {{"GET", "/internal/mqtt/vhost", "GET /internal/mqtt/vhost", false, {}},
       Vhost},
      {{"GET",
        "/internal/mqtt/resource",
        "GET /internal/mqtt/resource",
        false,
        {}},
       Resource},
      {{"GET", "/internal/mqtt/topic", "GET /internal/mqtt/topic", false, {}},
       Topic},
  };
  return endpoints;
}

}  // namespace hazegate::internal
