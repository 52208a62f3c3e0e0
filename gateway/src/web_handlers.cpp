// The web clients: /console/ (the office console) and /m/ (the field app),
// with the modules both import under /shared/ and the libraries they load
// as shipped under /vendor/, static files with ETag revalidation and a
// strict Content-Security-Policy.
#include "handlers.h"
#include "static_files.h"

namespace hazegate::internal {

namespace {

Result<HttpReply> Serve(const StaticFiles& web, const std::string& app,
                        const std::string& relative,
                        const httplib::Request& req) {
  auto file = web.Get(app, relative);
  if (!file) return Error::NotFound("/" + app + "/" + relative);
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
  return Serve(deps.web, kApp, req.matches[1], req);
}

// MQTT.js's browser ESM build (npm `mqtt`, installed by setup.sh into
// web/vendor as its package-lock.json pins it): the field app's MQTT client
// over the front door's /mqtt. Only this file of the package is served.
Result<HttpReply> MqttJs(const HandlerDeps& deps, const RequestContext&,
                         const httplib::Request& req) {
  return Serve(deps.web, "vendor/node_modules/mqtt/dist", "mqtt.esm.js", req);
}

// qrcode-generator's ESM build (npm, pinned in web/vendor as MQTT.js): the
// console draws a new phone's setup code with it.
Result<HttpReply> QrCodeJs(const HandlerDeps& deps, const RequestContext&,
                           const httplib::Request& req) {
  return Serve(deps.web, "vendor/node_modules/qrcode-generator/dist",
               "qrcode.mjs", req);
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
constexpr char kPublic[] = "public";

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
      {{"GET", "/public", "GET /public", false, {}}, &ToApp<kPublic>},
      {{"GET", "/public/(.*)", "GET /public/{path}", false, {}},
       &File<kPublic>},
      {{"GET", "/vendor/mqtt\\.esm\\.js", "GET /vendor/mqtt.esm.js", false, {}},
       &MqttJs},
      {{"GET", "/vendor/qrcode\\.mjs", "GET /vendor/qrcode.mjs", false, {}},
       &QrCodeJs},
  };
  return endpoints;
}

}  // namespace hazegate::internal
