// The web clients: /console/ (the office console) and /m/ (the field app),
// with the modules both import under /shared/,
// static files with ETag revalidation and a strict Content-Security-Policy.
#include "handlers.h"
#include "static_files.h"

namespace hazegate::internal {

namespace {

Result<HttpReply> Serve(const StaticFiles& web, const std::string& app,
                        const httplib::Request& req) {
  auto file = web.Get(app, req.matches[1]);
  if (!file) return Error::NotFound("/" + app + "/" + req.matches[1].str());
  HttpReply reply{200,
                  file->content_type,
                  "",
                  {{"ETag", file->etag},
                   {"Cache-Control", "no-cache"},
                   {"Content-Security-Policy", kWebContentSecurityPolicy},
                   {"X-Content-Type-Options", "nosniff"},
                   {"Referrer-Policy", "no-referrer"}}};
  if (NotModified(req, file->etag)) {
    reply.status = 304;
    return reply;
  }
  reply.body = std::move(file->body);
  return reply;
}

}  // namespace

void AddWebHandlers(const HandlerDeps& deps, HandlerMap* handlers) {
  const StaticFiles& web = deps.web;
  for (const std::string app : {"console", "m", "shared"}) {
    (*handlers)["GET /" + app + "/{path}"] =
        [&web, app](const RequestContext&, const httplib::Request& req) {
          return Serve(web, app, req);
        };
  }
  for (const std::string app : {"console", "m"}) {
    (*handlers)["GET /" + app] = [app](const RequestContext&,
                                       const httplib::Request&) {
      return Result<HttpReply>(
          HttpReply{308, "text/plain", "", {{"Location", "/" + app + "/"}}});
    };
  }
}

}  // namespace hazegate::internal
