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

template <const char* kApp>
Result<HttpReply> File(const HandlerDeps& deps, const RequestContext&,
                       const httplib::Request& req) {
  return Serve(deps.web, kApp, req);
}

// "/console" and "/m" without the slash: to the app's page.
template <const char* kApp>
Result<HttpReply> ToApp(const HandlerDeps&, const RequestContext&,
                        const httplib::Request&) {
  return HttpReply{
      308, "text/plain", "", {{"Location", "/" + std::string(kApp) + "/"}}};
}

constexpr char kConsole[] = "console";
constexpr char kFieldApp[] = "m";
constexpr char kShared[] = "shared";

}  // namespace

// The web clients' files; they call the API with their user's token.
std::span<const Endpoint> WebEndpoints() {
  static const Endpoint endpoints[] = {
      {{"GET", "/console", "GET /console", false, {}}, &ToApp<kConsole>},
      {{"GET", "/console/(.*)", "GET /console/{path}", false, {}},
       &File<kConsole>},
      {{"GET", "/m", "GET /m", false, {}}, &ToApp<kFieldApp>},
      {{"GET", "/m/(.*)", "GET /m/{path}", false, {}}, &File<kFieldApp>},
      {{"GET", "/shared/(.*)", "GET /shared/{path}", false, {}},
       &File<kShared>},
  };
  return endpoints;
}

}  // namespace hazegate::internal
