// The press release (新闻发布, issue 22): the console's draft and its
// publication by the office or the plan's publishers, and the published
// text for the public page (no login).
#include "handlers.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

json ReleaseToJson(const PressRelease& r) {
  return {{"id", r.id},       {"warning_id", r.warning_id},
          {"title", r.title}, {"text", r.text},
          {"by", r.by},       {"published_at", FormatRfc3339(r.at)}};
}

// The public's view: no account name.
json PublicReleaseToJson(const PressRelease& r) {
  return {{"warning_id", r.warning_id},
          {"title", r.title},
          {"text", r.text},
          {"published_at", FormatRfc3339(r.at)}};
}

Result<HttpReply> Draft(const HandlerDeps& deps, const RequestContext&,
                        const httplib::Request& req) {
  auto draft = deps.press.Draft(req.matches[1]);
  if (!draft.ok()) return draft.error();
  const PressDraft& d = draft.value();
  return HttpReply::Json(
      200, {{"draft", {{"title", d.title}, {"text", d.text}}},
            {"published",
             d.published ? ReleaseToJson(*d.published) : json(nullptr)}});
}

Result<HttpReply> Publish(const HandlerDeps& deps, const RequestContext& ctx,
                          const httplib::Request& req) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  const json& b = body.value();
  for (const char* field : {"title", "text"}) {
    if (!b.contains(field) || !b.at(field).is_string()) {
      return Error::InvalidField(field, "is required (a string)");
    }
  }
  const Role role = ctx.caller().role;
  auto published =
      deps.press.Publish(req.matches[1], b.at("title").get<std::string>(),
                         b.at("text").get<std::string>(), ActorOf(ctx),
                         role == Role::kOffice || role == Role::kCommand);
  if (!published.ok()) return published.error();
  return HttpReply::Json(201, ReleaseToJson(published.value()));
}

Result<HttpReply> Public(const HandlerDeps& deps, const RequestContext&,
                         const httplib::Request& req) {
  auto published = deps.press.Published(req.matches[1]);
  if (!published.ok()) return published.error();
  return HttpReply::Json(200, PublicReleaseToJson(published.value()));
}

}  // namespace

std::span<const Endpoint> PressEndpoints() {
  static const Endpoint endpoints[] = {
      {{"GET", "/api/v1/warnings/([^/]+)/press-release",
        "GET /api/v1/warnings/{id}/press-release", true, kStaff},
       Draft},
      {{"POST",
        "/api/v1/warnings/([^/]+)/press-release",
        "POST /api/v1/warnings/{id}/press-release",
        true,
        {Role::kOffice, Role::kCommand, Role::kUnit}},
       Publish},
      {{"GET",
        "/api/v1/public/press/([^/]+)",
        "GET /api/v1/public/press/{id}",
        false,
        {}},
       Public},
  };
  return endpoints;
}

}  // namespace hazegate::internal
