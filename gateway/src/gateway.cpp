#include "hazegate/gateway/gateway.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <charconv>
#include <filesystem>
#include <map>
#include <mutex>
#include <regex>
#include <stdexcept>

#include "concurrency_limit.h"
#include "handlers.h"
#include "hazegate/core/store.h"
#include "hazegate/core/worker.h"
#include "hazegate/gateway/route_policy.h"

namespace hazegate {

namespace {

using internal::Handler;
using internal::HttpReply;
using internal::RequestContext;
using SteadyTime = std::chrono::steady_clock::time_point;

// Per-request facts for the access log and metrics. A request is handled on
// one worker thread from pre-routing to logging, so a thread_local carries
// them without touching the request.
struct RequestTrace {
  SteadyTime start;
  std::string route = "unmatched";
  std::string user;
};
thread_local RequestTrace t_trace;

constexpr time_t kReadTimeoutS = 10;
constexpr time_t kWriteTimeoutS = 10;
// An idle keep-alive connection is closed after this; a stop waits for
// idle ones as long (Kannel keeps one to /internal/sms/…: at 30 s every
// stop with SMS on took 30 s). The front door's upstream idles less.
constexpr time_t kKeepAliveTimeoutS = 5;
constexpr size_t kKeepAliveMaxRequests = 100000;
// The benchmark's baseline route (GatewayOptions::bench_discard_route).
const RoutePolicy kDiscard{
    "POST", "/bench/discard", "POST /bench/discard", true,
    std::vector<Role>(std::begin(kAllRoles), std::end(kAllRoles))};

// Heavy reads (RoutePolicy::heavy) one account may run at once: a console
// and an export beside it, not every worker on a big warning.
constexpr int kHeavyReadsAtOnce = 3;
// POST /devices per account and minute (contract v3): a phone registers
// once; a loop of them would rewrite the broker's files each time.
constexpr int kDevicesPerMinute = 10;
// A photo file no report refers to is collected once it is this old.
constexpr std::chrono::hours kOrphanPhotoGrace{1};
constexpr std::chrono::hours kJanitorInterval{1};
// POST /inspections: 8 photos of 10 MiB, the report and multipart framing.
constexpr size_t kUploadBodyBytes = 82 << 20;

std::string BearerToken(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  if (header.size() < 7) return "";
  std::string scheme = header.substr(0, 7);
  for (char& c : scheme) c = static_cast<char>(std::tolower(c));
  return scheme == "bearer " ? header.substr(7) : "";
}

// One JSON line per request on stdout, written by a background thread so
// that workers do not wait on the terminal or pipe.
std::shared_ptr<spdlog::logger> AccessLogger() {
  static std::mutex creation;
  std::lock_guard lock(creation);
  auto logger = spdlog::get("access");
  if (!logger) {
    logger = spdlog::create_async<spdlog::sinks::stdout_sink_mt>("access");
    logger->set_pattern("%v");
  }
  return logger;
}

// The TCP port a socket is bound to, or -1.
int LocalPort(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    return -1;
  if (address.ss_family == AF_INET)
    return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
  if (address.ss_family == AF_INET6)
    return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  return -1;
}

// Debian's cpp-httplib (a shared library, 0.11) listens with a backlog of
// 5: a burst of new connections from the front door overflowed it, and a
// dropped SYN is retried a second later (a normal request took 1,046 ms in
// an attack test). Linux lets listen() on a listening socket set a new
// backlog: find ours by its port and raise it.
void RaiseListenBacklog(int port) {
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator("/proc/self/fd", error)) {
    int fd = -1;
    const std::string name = entry.path().filename();
    std::from_chars(name.data(), name.data() + name.size(), fd);
    int listening = 0;
    socklen_t length = sizeof listening;
    if (fd >= 0 &&
        ::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == 0 &&
        listening && LocalPort(fd) == port) {
      ::listen(fd, SOMAXCONN);
    }
  }
}

// TLS 1.2 or newer, our certificate chain and key.
std::function<bool(SSL_CTX&)> TlsSetup(std::string cert, std::string key) {
  return [cert, key](SSL_CTX& ctx) {
    return SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION) == 1 &&
           SSL_CTX_use_certificate_chain_file(&ctx, cert.c_str()) == 1 &&
           SSL_CTX_use_PrivateKey_file(&ctx, key.c_str(), SSL_FILETYPE_PEM) ==
               1 &&
           SSL_CTX_check_private_key(&ctx) == 1;
  };
}

}  // namespace

class Gateway::Impl {
 public:
  Impl(GatewayOptions options, Store& store, const Clock& clock)
      : options_(std::move(options)),
        clock_(clock),
        accounts_(store, clock),
        directory_(store),
        warnings_(store, clock, options_.outbox_written, &reporting_schedule_,
                  options_.fanout),
        orders_(store, clock),
        reports_(store, clock),
        evaluation_(store, clock),
        board_(store, clock),
        web_(options_.web_root),
        devices_(store, clock, options_.device_mqtt_uri,
                 options_.reserved_mqtt_username, options_.max_devices_per_org,
                 options_.device_mqtt_ws_uri),
        device_creations_(clock, kDevicesPerMinute, std::chrono::minutes(1)),
        cases_(store, clock, options_.outbox_written),
        assignments_(store, clock, options_.outbox_written),
        forecasts_(store, clock),
        press_(store, clock),
        accountability_(store, clock),
        season_(store),
        bulletins_(store, clock),
        store_(store),
        access_log_(AccessLogger()) {}

  Status Bind() {
    auto opened = OpenBlobStore();
    if (!opened.ok()) return opened;
    if (options_.tls_cert.empty()) {
      server_ = std::make_unique<httplib::Server>();
    } else {
      server_ = std::make_unique<httplib::SSLServer>(
          TlsSetup(options_.tls_cert, options_.tls_key));
    }
    if (!server_->is_valid()) {
      return Error::Internal("cannot load TLS certificate " +
                             options_.tls_cert + " or key " + options_.tls_key);
    }
    Configure();
    RegisterRoutes();
    port_ = options_.port == 0
                ? server_->bind_to_any_port(options_.host)
                : (server_->bind_to_port(options_.host, options_.port)
                       ? options_.port
                       : -1);
    if (port_ < 0) {
      return Error::Internal("cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port));
    }
    RaiseListenBacklog(port_);
    return Ok{};
  }

  int port() const { return port_; }

  // The photo store and what needs it; then every handler.
  Status OpenBlobStore() {
    if (options_.blob_dir.empty())
      return Error::Internal("blob_dir is not set");
    auto blobs = BlobStore::Open(options_.blob_dir);
    if (!blobs.ok()) return blobs.error();
    blobs_ = std::move(blobs).value();
    inspections_ = std::make_unique<InspectionService>(store_, *blobs_, clock_);
    thumbnails_ =
        std::make_unique<Thumbnails>(*blobs_, options_.blob_dir + "/thumbs");
    deps_ = std::make_unique<internal::HandlerDeps>(
        internal::HandlerDeps{store_,
                              clock_,
                              accounts_,
                              directory_,
                              metrics_,
                              warnings_,
                              orders_,
                              reports_,
                              evaluation_,
                              devices_,
                              *blobs_,
                              *thumbnails_,
                              board_,
                              *inspections_,
                              cases_,
                              assignments_,
                              forecasts_,
                              press_,
                              accountability_,
                              season_,
                              bulletins_,
                              web_,
                              options_.mqtt_connected,
                              options_.extra_metrics,
                              device_creations_,
                              etags_,
                              options_.device_created,
                              options_.mqtt_topic_prefix,
                              options_.sms,
                              options_.broker_authority,
                              options_.sms_callback_key,
                              options_.outbox_written});
    BindEndpoints();
    return Ok{};
  }
  // Serves; meanwhile a janitor thread collects orphan photo files at start
  // and every hour.
  void Serve() {
    Worker janitor([this] { CollectOrphans(); }, kJanitorInterval);
    janitor.Start();
    server_->listen_after_bind();
    janitor.Stop();
  }
  void Stop() {
    if (server_) server_->stop();
  }

 private:
  void CollectOrphans() {
    auto collected = inspections_->CollectOrphanPhotos(kOrphanPhotoGrace);
    if (!collected.ok()) {
      spdlog::error("orphan photos: {}", collected.error().internal_text);
    }
  }

  void Configure() {
    const int threads = options_.worker_threads;
    server_->new_task_queue = [threads] {
      return new httplib::ThreadPool(threads);
    };
    server_->set_tcp_nodelay(true);
    server_->set_payload_max_length(
        std::max(options_.max_body_bytes, kUploadBodyBytes));
    server_->set_read_timeout(kReadTimeoutS);
    server_->set_write_timeout(kWriteTimeoutS);
    server_->set_keep_alive_timeout(kKeepAliveTimeoutS);
    server_->set_keep_alive_max_count(kKeepAliveMaxRequests);
    server_->set_pre_routing_handler(
        [this](const httplib::Request& req, httplib::Response& res) {
          t_trace = {std::chrono::steady_clock::now(), "unmatched", ""};
          return DispatchBodyless(req, res)
                     ? httplib::Server::HandlerResponse::Handled
                     : httplib::Server::HandlerResponse::Unhandled;
        });
    server_->set_error_handler(
        [this](const httplib::Request& req, httplib::Response& res) {
          if (res.status == 404) AnswerMethodNotAllowed(req, res);
          internal::FillProblemBody(res);
        });
    // Whatever escapes a handler: a 500 problem without internal text (no
    // EXCEPTION_WHAT header), the cause in the log.
    server_->set_exception_handler([](const httplib::Request& req,
                                      httplib::Response& res,
                                      std::exception_ptr thrown) {
      std::string cause = "unknown exception";
      try {
        std::rethrow_exception(thrown);
      } catch (const std::exception& e) {
        cause = e.what();
      } catch (...) {
      }
      spdlog::error("{} {}: unhandled exception: {}", req.method, req.path,
                    cause);
      res.headers.clear();
      internal::WriteProblem(Error::Internal(cause), res);
    });
    server_->set_logger(
        [this](const httplib::Request& req, const httplib::Response& res) {
          LogRequest(req, res);
        });
  }

  // Each endpoint's handler bound to this gateway's services.
  void BindEndpoints() {
    for (const internal::Endpoint& endpoint : internal::AllEndpoints()) {
      const std::string& name = endpoint.route.name;
      if (endpoint.stream != nullptr) {
        stream_handlers_[name] = [this, stream = endpoint.stream](
                                     const RequestContext& ctx,
                                     const httplib::Request& req,
                                     const httplib::ContentReader& reader,
                                     const httplib::Response& transport) {
          return stream(*deps_, ctx, req, reader, transport);
        };
      } else if (endpoint.handle != nullptr) {
        handlers_[name] = [this, handle = endpoint.handle](
                              const RequestContext& ctx,
                              const httplib::Request& req) {
          return handle(*deps_, ctx, req);
        };
      } else {
        // The front door's question: only the gateway holds the table.
        if (name != "GET /internal/authorize") {
          throw std::logic_error("no handler for route " + name);
        }
        handlers_[name] = [this](const RequestContext&,
                                 const httplib::Request& req) {
          return AuthorizeForFrontDoor(req);
        };
      }
    }
  }

  void RegisterRoutes() {
    for (const RoutePolicy& policy : RoutePolicies()) {
      patterns_.emplace_back(policy.pattern);
      const auto stream = stream_handlers_.find(policy.name);
      if (stream != stream_handlers_.end()) {
        RegisterStreamRoute(policy, stream->second);
        continue;
      }
      const auto handler = handlers_.find(policy.name);
      if (handler == handlers_.end()) {
        throw std::logic_error("no handler for route " + policy.name);
      }
      auto bound = [this, &policy, &handler = handler->second](
                       const httplib::Request& req, httplib::Response& res) {
        Dispatch(policy, handler, req, res);
      };
      if (policy.method == "GET") server_->Get(policy.pattern, bound);
      if (policy.method == "DELETE") server_->Delete(policy.pattern, bound);
      if (policy.method == "POST") {
        server_->Post(policy.pattern,
                      [this, &policy, &handler = handler->second](
                          const httplib::Request& req, httplib::Response& res,
                          const httplib::ContentReader& reader) {
                        DispatchWithBody(policy, handler, req, res, reader);
                      });
      }
    }
    if (options_.bench_discard_route) RegisterDiscardRoute();
  }

  void RegisterStreamRoute(const RoutePolicy& policy,
                           const internal::StreamHandler& handler) {
    if (policy.method != "POST") {
      throw std::logic_error("a streaming route must be POST: " + policy.name);
    }
    server_->Post(policy.pattern, [this, &policy, &handler](
                                      const httplib::Request& req,
                                      httplib::Response& res,
                                      const httplib::ContentReader& reader) {
      auto ctx = Authorize(policy, req);
      if (!ctx.ok()) return RefuseUnread(ctx.error(), res);
      Reply(RunGuarded(req,
                       [&] { return handler(ctx.value(), req, reader, res); }),
            res);
    });
  }

  // The baseline for scripts/bench/ingest.sh: authenticates, reads every
  // byte of the multipart body, keeps nothing.
  void RegisterDiscardRoute() {
    server_->Post(kDiscard.pattern, [this](
                                        const httplib::Request& req,
                                        httplib::Response& res,
                                        const httplib::ContentReader& reader) {
      auto ctx = Authorize(kDiscard, req);
      if (!ctx.ok()) return RefuseUnread(ctx.error(), res);
      const bool read = internal::DrainBody(req, reader);
      Reply(internal::HttpReply::Json(read ? 200 : 400, {{"read", read}}), res);
    });
  }

  // Checks the caller from the headers, then reads a POST body up to the
  // general limit (the uploads have their own) and runs the handler. A
  // refused caller's body is never read; a body over the limit is refused
  // as soon as it is (the connection then closes).
  void DispatchWithBody(const RoutePolicy& policy, const Handler& handler,
                        const httplib::Request& req, httplib::Response& res,
                        const httplib::ContentReader& reader) {
    auto ctx = Authorize(policy, req);
    if (!ctx.ok()) return RefuseUnread(ctx.error(), res);
    if (req.is_multipart_form_data()) {
      return RefuseUnread(
          Error::Unsupported("multipart bodies are only for uploads"), res);
    }
    const size_t limit =
        policy.max_body_bytes > 0
            ? std::min(policy.max_body_bytes, options_.max_body_bytes)
            : options_.max_body_bytes;
    httplib::Request with_body = req;
    bool over = false;
    const bool read = reader([&](const char* data, size_t size) {
      over = with_body.body.size() + size > limit;
      if (!over) with_body.body.append(data, size);
      return !over;
    });
    if (over || (!read && res.status == 413)) {
      return RefuseUnread(Error::TooLarge("the body is over " +
                                          std::to_string(limit) + " bytes"),
                          res);
    }
    if (!read) {
      return RefuseUnread(
          Error::InvalidField("body", "the body could not be read"), res);
    }
    Reply(RunGuarded(req, [&] { return handler(ctx.value(), with_body); }),
          res);
  }

  // Answers `error` and closes the connection, leaving the rest of the
  // request body unread.
  static void RefuseUnread(const Error& error, httplib::Response& res) {
    internal::WriteProblem(error, res);
    res.set_header("Connection", "close");
  }

  // GET /internal/authorize, asked by the front door (nginx auth_request)
  // before it reads a request body: the route and caller are judged from
  // X-Original-Method, X-Original-URI and the Authorization header alone.
  // 204 = go on; 401; 403 with X-Hazegate-Refusal: forbidden, not_found or
  // method_not_allowed (nginx passes on only 2xx, 401 and 403).
  Result<HttpReply> AuthorizeForFrontDoor(const httplib::Request& req) {
    const std::string method = req.get_header_value("X-Original-Method");
    const std::string uri = req.get_header_value("X-Original-URI");
    if (method.empty() || uri.empty()) {
      return Error::InvalidField("X-Original-URI",
                                 "X-Original-Method and X-Original-URI are "
                                 "required");
    }
    httplib::Request original = req;
    original.method = method;
    original.path =
        httplib::detail::decode_url(uri.substr(0, uri.find('?')), false);
    HttpReply reply{204, "text/plain", "", {}};
    const RouteMatch match = MatchRoute(original);
    const char* refusal = nullptr;
    if (match.policy == nullptr) {
      refusal = match.path_known ? "method_not_allowed" : "not_found";
    } else {
      auto ctx = Authorize(*match.policy, original);
      t_trace.route = "GET /internal/authorize";
      if (!ctx.ok() && ctx.error().kind != ErrorKind::kForbidden) {
        return ctx.error();
      }
      if (!ctx.ok()) refusal = "forbidden";
    }
    if (refusal != nullptr) {
      reply.status = 403;
      reply.headers = {{"X-Hazegate-Refusal", refusal}};
    }
    return reply;
  }

  struct RouteMatch {
    const RoutePolicy* policy = nullptr;  // null: no route for the method
    bool path_known = false;              // some other method has the path
  };
  RouteMatch MatchRoute(httplib::Request& req) const {
    RouteMatch match;
    if (options_.bench_discard_route && req.path == kDiscard.pattern &&
        req.method == kDiscard.method) {
      match.policy = &kDiscard;
      return match;
    }
    for (size_t i = 0; i < RoutePolicies().size(); ++i) {
      const RoutePolicy& policy = RoutePolicies()[i];
      if (!std::regex_match(req.path, req.matches, patterns_[i])) continue;
      if (policy.method == req.method) {
        match.policy = &policy;
        return match;
      }
      match.path_known = true;
    }
    return match;
  }

  // A 404 from routing for a path that another method has: 405 with Allow.
  void AnswerMethodNotAllowed(const httplib::Request& req,
                              httplib::Response& res) const {
    if (!res.body.empty()) return;
    std::string allow;
    for (size_t i = 0; i < RoutePolicies().size(); ++i) {
      if (std::regex_match(req.path, patterns_[i])) {
        allow += (allow.empty() ? "" : ", ") + RoutePolicies()[i].method;
      }
    }
    if (allow.empty()) return;
    res.status = 405;
    res.set_header("Allow", allow);
  }

  // cpp-httplib 0.11 answers 400 to a POST, PUT or PATCH with neither
  // Content-Length nor Transfer-Encoding (`curl -X POST .../approve`),
  // which has no body: such requests are answered here, before it tries to
  // read one.
  bool DispatchBodyless(const httplib::Request& req, httplib::Response& res) {
    if ((req.method != "POST" && req.method != "PUT" &&
         req.method != "PATCH") ||
        req.has_header("Content-Length") ||
        req.has_header("Transfer-Encoding")) {
      return false;
    }
    httplib::Request bodyless = req;
    const RouteMatch match = MatchRoute(bodyless);
    if (match.policy == nullptr) {
      res.status = 404;
      AnswerMethodNotAllowed(req, res);
      internal::FillProblemBody(res);
      return true;
    }
    const auto handler = handlers_.find(match.policy->name);
    if (handler != handlers_.end()) {
      Dispatch(*match.policy, handler->second, bodyless, res);
      return true;
    }
    // An upload route: it needs a multipart body.
    auto ctx = Authorize(*match.policy, bodyless);
    internal::WriteProblem(
        ctx.ok()
            ? Error::Unsupported("Content-Type must be multipart/form-data")
            : ctx.error(),
        res);
    return true;
  }

  void Dispatch(const RoutePolicy& policy, const Handler& handler,
                const httplib::Request& req, httplib::Response& res) {
    auto ctx = Authorize(policy, req);
    if (!ctx.ok()) return internal::WriteProblem(ctx.error(), res);
    std::shared_ptr<void> slot;
    if (policy.heavy) {
      slot = heavy_reads_.Enter(ctx.value().caller().username);
      if (!slot) {
        return internal::WriteProblem(
            Error::RateLimited("at most " + std::to_string(kHeavyReadsAtOnce) +
                                   " maps, exports or evaluations at once "
                                   "per account",
                               1),
            res);
      }
    }
    Reply(RunGuarded(req, [&] { return handler(ctx.value(), req); }), res,
          std::move(slot));
  }

  // The caller, if the route lets them in.
  Result<RequestContext> Authorize(const RoutePolicy& policy,
                                   const httplib::Request& req) {
    t_trace.route = policy.name;
    RequestContext ctx;
    if (!policy.authenticated) return ctx;
    ctx.token = BearerToken(req);
    auto principal = accounts_.Authenticate(ctx.token);
    if (!principal.ok()) return principal.error();
    t_trace.user = principal.value().username;
    if (!policy.Allows(principal.value().role)) {
      return Error::Forbidden("role " +
                              std::string(RoleName(principal.value().role)) +
                              " may not call " + policy.name);
    }
    ctx.principal = std::move(principal).value();
    return ctx;
  }

  // `hold` (a heavy read's slot) is kept until a streamed body ends.
  static void Reply(Result<HttpReply> reply, httplib::Response& res,
                    std::shared_ptr<void> hold = nullptr) {
    if (!reply.ok()) return internal::WriteProblem(reply.error(), res);
    res.status = reply.value().status;
    for (const auto& [name, value] : reply.value().headers) {
      res.set_header(name, value);
    }
    if (res.status == 204 || res.status == 304) return;  // no content
    if (reply.value().next_piece) {
      return Stream(std::move(reply).value(), res, std::move(hold));
    }
    res.set_content(std::move(reply.value().body), reply.value().content_type);
  }

  // The reply's body, then its pieces, chunked as the client reads them.
  static void Stream(HttpReply reply, httplib::Response& res,
                     std::shared_ptr<void> hold) {
    auto first = std::make_shared<std::string>(std::move(reply.body));
    res.set_chunked_content_provider(
        reply.content_type,
        [first, next = std::move(reply.next_piece), hold = std::move(hold)](
            size_t, httplib::DataSink& sink) {
          std::string piece;
          if (!first->empty()) {
            piece.swap(*first);
          } else {
            auto read = next();
            if (!read.ok()) {
              spdlog::error("streaming a reply: {}",
                            read.error().internal_text);
              return false;
            }
            piece = std::move(read).value();
          }
          if (piece.empty()) {
            sink.done();
            return true;
          }
          return sink.write(piece.data(), piece.size());
        });
  }

  template <typename Run>
  Result<HttpReply> RunGuarded(const httplib::Request& req, Run run) {
    try {
      Result<HttpReply> reply = run();
      if (!reply.ok() && reply.error().kind == ErrorKind::kInternal) {
        spdlog::error("{} {}: {}", req.method, req.path,
                      reply.error().internal_text);
      }
      return reply;
    } catch (const std::exception& e) {
      spdlog::error("{} {}: unhandled exception: {}", req.method, req.path,
                    e.what());
      return Error::Internal(e.what());
    }
  }

  void LogRequest(const httplib::Request& req, const httplib::Response& res) {
    const double seconds = std::chrono::duration<double>(
                               std::chrono::steady_clock::now() - t_trace.start)
                               .count();
    metrics_.ObserveRequest(req.method, t_trace.route, res.status, seconds);
    const nlohmann::json line = {{"ts", FormatRfc3339(clock_.Now())},
                                 {"remote", internal::ClientAddress(req)},
                                 {"method", req.method},
                                 {"path", req.path},
                                 {"route", t_trace.route},
                                 {"status", res.status},
                                 {"ms", seconds * 1000.0},
                                 {"bytes", res.body.size()},
                                 {"user", t_trace.user}};
    access_log_->info(internal::SafeDump(line));
  }

  GatewayOptions options_;
  const Clock& clock_;
  Accounts accounts_;
  Directory directory_;
  ReportingSchedule reporting_schedule_;  // heard by warnings_
  WarningService warnings_;
  OrderService orders_;
  ReportService reports_;
  EvaluationService evaluation_;
  BoardService board_;
  internal::StaticFiles web_;
  DeviceService devices_;
  SlidingWindowLimit device_creations_;
  internal::ConcurrencyLimit heavy_reads_{kHeavyReadsAtOnce};
  internal::EtagCache etags_;
  internal::Metrics metrics_;
  CaseService cases_;
  AssignmentService assignments_;
  ForecastService forecasts_;
  PressService press_;
  AccountabilityService accountability_;
  SeasonService season_;
  BulletinService bulletins_;
  Store& store_;
  std::unique_ptr<BlobStore> blobs_;
  std::unique_ptr<Thumbnails> thumbnails_;
  std::unique_ptr<InspectionService> inspections_;
  std::unique_ptr<internal::HandlerDeps> deps_;
  // Bound handlers by route name (RoutePolicy::name).
  std::map<std::string, internal::Handler> handlers_;
  std::map<std::string, internal::StreamHandler> stream_handlers_;
  std::vector<std::regex> patterns_;  // RoutePolicies()[i].pattern
  std::shared_ptr<spdlog::logger> access_log_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = -1;
};

Gateway::Gateway(GatewayOptions options, Store& store, const Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(options), store, clock)) {}
Gateway::~Gateway() = default;
Status Gateway::Bind() { return impl_->Bind(); }
int Gateway::port() const { return impl_->port(); }
void Gateway::Serve() { impl_->Serve(); }
void Gateway::Stop() { impl_->Stop(); }

}  // namespace hazegate
