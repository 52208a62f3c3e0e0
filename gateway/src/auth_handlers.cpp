// POST /auth/login and GET /me.
#include "handlers.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

json PrincipalJson(const Principal& p) {
  return {{"username", p.username},
          {"role", RoleName(p.role)},
          {"org", p.org.empty() ? json(nullptr) : json(p.org)}};
}

Result<std::string> RequiredString(const json& body, const char* field) {
  const auto it = body.find(field);
  if (it == body.end() || !it->is_string() ||
      it->get_ref<const std::string&>().empty()) {
    return Error::InvalidField(field, "is required (a non-empty string)");
  }
  return it->get<std::string>();
}

Result<HttpReply> Login(Accounts& accounts, const httplib::Request& req) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  auto username = RequiredString(body.value(), "username");
  if (!username.ok()) return username.error();
  auto password = RequiredString(body.value(), "password");
  if (!password.ok()) return password.error();
  auto issued =
      accounts.Login(username.value(), password.value(), ClientAddress(req));
  if (!issued.ok()) return issued.error();
  const IssuedToken& token = issued.value();
  json reply = PrincipalJson(token.principal);
  reply.erase("username");
  reply["token"] = token.token;
  reply["expires_at"] = FormatRfc3339(token.expires_at);
  return HttpReply::Json(200, reply);
}

}  // namespace

void AddAuthHandlers(const HandlerDeps& deps, HandlerMap* handlers) {
  (*handlers)["POST /api/v1/auth/login"] =
      [&deps](const RequestContext&, const httplib::Request& req) {
        return Login(deps.accounts, req);
      };
  (*handlers)["GET /api/v1/me"] = [](const RequestContext& ctx,
                                     const httplib::Request&) {
    return Result<HttpReply>(HttpReply::Json(200, PrincipalJson(ctx.caller())));
  };
}

}  // namespace hazegate::internal
