// POST /auth/login, /auth/logout, /auth/password and GET /me.
#include "handlers.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

json PrincipalJson(const Principal& p) {
  return {{"username", p.username},
          {"role", RoleName(p.role)},
          {"org", TextOrNull(p.org)}};
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
  // A cross-site form can post text/plain without a preflight: a login
  // must say it is JSON.
  if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
    return Error::Unsupported("Content-Type must be application/json");
  }
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

Result<HttpReply> ChangePassword(Accounts& accounts, const RequestContext& ctx,
                                 const httplib::Request& req) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  auto old_password = RequiredString(body.value(), "old_password");
  if (!old_password.ok()) return old_password.error();
  auto new_password = RequiredString(body.value(), "new_password");
  if (!new_password.ok()) return new_password.error();
  auto changed =
      accounts.ChangePassword(ctx.token, old_password.value(),
                              new_password.value(), ClientAddress(req));
  if (!changed.ok()) return changed.error();
  return HttpReply{204, "", "", {}};
}

}  // namespace

std::span<const Endpoint> AuthEndpoints() {
  static const Endpoint endpoints[] = {
      {{"POST", "/api/v1/auth/login", "POST /api/v1/auth/login", false, {}},
       [](const HandlerDeps& deps, const RequestContext&,
          const httplib::Request& req) { return Login(deps.accounts, req); }},
      {{"POST", "/api/v1/auth/logout", "POST /api/v1/auth/logout", true,
        kEveryone},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request&) -> Result<HttpReply> {
         auto revoked = deps.accounts.Logout(ctx.token);
         if (!revoked.ok()) return revoked.error();
         return HttpReply{204, "", "", {}};
       }},
      {{"POST", "/api/v1/auth/password", "POST /api/v1/auth/password", true,
        kEveryone},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         return ChangePassword(deps.accounts, ctx, req);
       }},
      {{"GET", "/api/v1/me", "GET /api/v1/me", true, kEveryone},
       [](const HandlerDeps&, const RequestContext& ctx,
          const httplib::Request&) {
         return Result<HttpReply>(
             HttpReply::Json(200, PrincipalJson(ctx.caller())));
       }},
  };
  return endpoints;
}

}  // namespace hazegate::internal
