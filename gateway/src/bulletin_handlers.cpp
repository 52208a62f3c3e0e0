// Bulletins (日报 / 专报, issue 23): the office compiles, approves, revises
// and logs the sending; the office and the command read them, as JSON, a
// printable page and CSV.
#include "handlers.h"
#include "hazegate/oversight/bulletin_json.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

// The optional string `field` of `body`: kInvalidInput unless a string.
Result<std::optional<std::string>> OptionalText(const json& body,
                                                const char* field) {
  if (!body.contains(field) || body.at(field).is_null()) {
    return std::optional<std::string>();
  }
  if (!body.at(field).is_string()) {
    return Error::InvalidField(field, "must be a string");
  }
  return std::optional<std::string>(body.at(field).get<std::string>());
}

Result<HttpReply> Reply(int status, const Result<Bulletin>& bulletin) {
  if (!bulletin.ok()) return bulletin.error();
  return HttpReply::Json(status, BulletinToJson(bulletin.value(), true));
}

Result<HttpReply> Compile(const HandlerDeps& deps, const RequestContext& ctx,
                          const httplib::Request& req) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  auto kind = OptionalText(body.value(), "kind");
  if (!kind.ok()) return kind.error();
  if (!kind.value()) return Error::InvalidField("kind", "is required");
  auto warning = OptionalText(body.value(), "warning_id");
  if (!warning.ok()) return warning.error();
  auto text = OptionalText(body.value(), "text");
  if (!text.ok()) return text.error();
  return Reply(201,
               deps.bulletins.Compile(*kind.value(), warning.value(),
                                      text.value().value_or(""), ActorOf(ctx)));
}

Result<HttpReply> List(const HandlerDeps& deps, const RequestContext&,
                       const httplib::Request& req) {
  auto list = deps.bulletins.List(
      {req.get_param_value("warning"), req.get_param_value("kind")});
  if (!list.ok()) return list.error();
  return HttpReply::Json(200, JsonArray(list.value(), [](const Bulletin& b) {
                           return BulletinToJson(b, false);
                         }));
}

Result<HttpReply> One(const HandlerDeps& deps, const RequestContext&,
                      const httplib::Request& req) {
  return Reply(200, deps.bulletins.Get(req.matches[1]));
}

Result<HttpReply> Page(const HandlerDeps& deps, const RequestContext&,
                       const httplib::Request& req) {
  auto page = deps.bulletins.Html(req.matches[1]);
  if (!page.ok()) return page.error();
  return HttpReply::PrintablePage(std::move(page).value());
}

Result<HttpReply> Csv(const HandlerDeps& deps, const RequestContext&,
                      const httplib::Request& req) {
  const std::string id = req.matches[1];
  auto csv = deps.bulletins.Csv(id);
  if (!csv.ok()) return csv.error();
  return HttpReply::CsvFile(std::move(csv).value(), id + ".csv");
}

Result<HttpReply> Approve(const HandlerDeps& deps, const RequestContext& ctx,
                          const httplib::Request& req) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  auto text = OptionalText(body.value(), "text");
  if (!text.ok()) return text.error();
  return Reply(
      200, deps.bulletins.Approve(req.matches[1], text.value(), ActorOf(ctx)));
}

Result<HttpReply> Revise(const HandlerDeps& deps, const RequestContext& ctx,
                         const httplib::Request& req) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  auto text = OptionalText(body.value(), "text");
  if (!text.ok()) return text.error();
  const json recompile = body.value().value("recompile", json(false));
  if (!recompile.is_boolean()) {
    return Error::InvalidField("recompile", "must be true or false");
  }
  return Reply(201, deps.bulletins.Revise(req.matches[1], text.value(),
                                          recompile.get<bool>(), ActorOf(ctx)));
}

Result<HttpReply> Sent(const HandlerDeps& deps, const RequestContext& ctx,
                       const httplib::Request& req) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  auto to = OptionalText(body.value(), "to");
  if (!to.ok()) return to.error();
  if (!to.value()) return Error::InvalidField("to", "is required");
  auto at_text = OptionalText(body.value(), "at");
  if (!at_text.ok()) return at_text.error();
  TimePoint at = deps.clock.Now();
  if (at_text.value()) {
    const auto parsed = ParseRfc3339(*at_text.value());
    if (!parsed) return Error::InvalidField("at", "must be an RFC 3339 time");
    at = *parsed;
  }
  return Reply(
      200, deps.bulletins.Sent(req.matches[1], *to.value(), at, ActorOf(ctx)));
}

const std::vector<Role> kReaders = {Role::kOffice, Role::kCommand};
const std::vector<Role> kWriters = {Role::kOffice};

}  // namespace

std::span<const Endpoint> BulletinEndpoints() {
  static const Endpoint endpoints[] = {
      {{"POST", "/api/v1/bulletins", "POST /api/v1/bulletins", true, kWriters},
       Compile},
      {{"GET", "/api/v1/bulletins", "GET /api/v1/bulletins", true, kReaders},
       List},
      {{"GET", "/api/v1/bulletins/([^/.]+)\\.html",
        "GET /api/v1/bulletins/{id}.html", true, kReaders},
       Page},
      {{"GET", "/api/v1/bulletins/([^/.]+)\\.csv",
        "GET /api/v1/bulletins/{id}.csv", true, kReaders},
       Csv},
      {{"GET", "/api/v1/bulletins/([^/.]+)", "GET /api/v1/bulletins/{id}", true,
        kReaders},
       One},
      {{"POST", "/api/v1/bulletins/([^/.]+)/approve",
        "POST /api/v1/bulletins/{id}/approve", true, kWriters},
       Approve},
      {{"POST", "/api/v1/bulletins/([^/.]+)/revise",
        "POST /api/v1/bulletins/{id}/revise", true, kWriters},
       Revise},
      {{"POST", "/api/v1/bulletins/([^/.]+)/sent",
        "POST /api/v1/bulletins/{id}/sent", true, kWriters},
       Sent},
  };
  return endpoints;
}

}  // namespace hazegate::internal
