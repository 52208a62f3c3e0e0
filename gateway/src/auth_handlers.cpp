// POST /auth/login, /auth/logout, /auth/password, /auth/setup-codes and
// GET /me.
#include <algorithm>
#include <cctype>

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

// A password login, or a new phone's setup code (v3) when one is given.
Result<IssuedToken> LoginWith(Accounts& accounts, const json& body,
                              const std::string& client_address) {
  if (body.contains("setup_code")) {
    auto code = RequiredString(body, "setup_code");
    if (!code.ok()) return code.error();
    return accounts.LoginWithSetupCode(code.value(), client_address);
  }
  auto username = RequiredString(body, "username");
  if (!username.ok()) return username.error();
  auto password = RequiredString(body, "password");
  if (!password.ok()) return password.error();
  return accounts.Login(username.value(), password.value(), client_address);
}

// The field app's address as the caller reached it (the front door passes
// the Host header on), or a path when the header is not a plain host[:port].
std::string FieldAppUrl(const httplib::Request& req, const std::string& code) {
  const std::string host = req.get_header_value("Host");
  const bool plain = !host.empty() && host.size() <= 255 &&
                     std::all_of(host.begin(), host.end(), [](unsigned char c) {
                       return std::isalnum(c) || c == '.' || c == '-' ||
                              c == ':' || c == '[' || c == ']';
                     });
  return (plain ? "https://" + host : std::string()) + "/m/#/setup/" + code;
}

Result<HttpReply> CreateSetupCode(Accounts& accounts, const RequestContext& ctx,
                                  const httplib::Request& req) {
  auto code = accounts.CreateSetupCode(ctx.token);
  if (!code.ok()) return code.error();
  return HttpReply::Json(
      201, {{"code", code.value().code},
            {"url", FieldAppUrl(req, code.value().code)},
            {"expires_at", FormatRfc3339(code.value().expires_at)}});
}

Result<HttpReply> Login(Accounts& accounts, const httplib::Request& req) {
  // A cross-site form can post text/plain without a preflight: a login
  // must say it is JSON.
  if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
    return Error::Unsupported("Content-Type must be application/json");
  }
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  auto issued = LoginWith(accounts, body.value(), ClientAddress(req));
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
        kAnyAccount},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request&) -> Result<HttpReply> {
         auto revoked = deps.accounts.Logout(ctx.token);
         if (!revoked.ok()) return revoked.error();
         return HttpReply{204, "", "", {}};
       }},
      {{"POST", "/api/v1/auth/password", "POST /api/v1/auth/password", true,
        kAnyAccount},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         return ChangePassword(deps.accounts, ctx, req);
       }},
      {{"POST", "/api/v1/auth/setup-codes", "POST /api/v1/auth/setup-codes",
        true, kAnyAccount},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         return CreateSetupCode(deps.accounts, ctx, req);
       }},
      {{"GET", "/api/v1/me", "GET /api/v1/me", true, kAnyAccount},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request&) -> Result<HttpReply> {
         nlohmann::json me = PrincipalJson(ctx.caller());
         // Issue 23: the console offers lead actions to the commission
         // (only its accounts carry the field).
         auto commission = deps.accountability.IsCommission(ctx.caller().org);
         if (!commission.ok()) return commission.error();
         if (commission.value()) me["discipline_commission"] = true;
         return HttpReply::Json(200, me);
       }},
  };
  return endpoints;
}

}  // namespace hazegate::internal
