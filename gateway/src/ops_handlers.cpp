// /healthz, /livez, /metrics: for operators and probes, no authentication.
// /metrics answers only a monitoring agent on the host: a loopback peer
// that did not come through the front door (which sets X-Real-IP).
#include "handlers.h"
#include "hazegate/core/store.h"

namespace hazegate::internal {

namespace {

bool DatabaseAnswers(Store& store) {
  try {
    auto lease = store.Acquire();
    return lease.db().execAndGet("SELECT 1").getInt() == 1;
  } catch (const std::exception&) {
    return false;
  }
}

Result<HttpReply> Health(const HandlerDeps& deps, const RequestContext&,
                         const httplib::Request&) {
  const bool db_ok = DatabaseAnswers(deps.store);
  const bool mqtt_ok = deps.mqtt_connected && deps.mqtt_connected();
  const nlohmann::json body = {
      {"status", db_ok ? "ok" : "error"},
      {"db", db_ok ? "ok" : "error"},
      {"mqtt", mqtt_ok ? "connected" : "disconnected"}};
  return HttpReply::Json(db_ok ? 200 : 503, body);
}

// Liveness: a static answer that touches nothing (also the benchmark's
// baseline route).
Result<HttpReply> Live(const HandlerDeps&, const RequestContext&,
                       const httplib::Request&) {
  return HttpReply{200, "text/plain", "ok\n", {}};
}

Result<HttpReply> MetricsText(const HandlerDeps& deps, const RequestContext&,
                              const httplib::Request& req) {
  if (!FromThisHost(req)) return Error::NotFound("/metrics");
  std::string text = deps.metrics.Render();
  if (deps.extra_metrics) text += deps.extra_metrics();
  return HttpReply{200, "text/plain; version=0.0.4", std::move(text), {}};
}

}  // namespace

std::span<const Endpoint> OpsEndpoints() {
  static const Endpoint endpoints[] = {
      {{"GET", "/healthz", "GET /healthz", false, {}}, &Health},
      {{"GET", "/livez", "GET /livez", false, {}}, &Live},
      {{"GET", "/metrics", "GET /metrics", false, {}}, &MetricsText},
      // Asked by the front door before it reads a body: answered by the
      // gateway itself, which holds the route table (gateway.cpp).
      {{"GET", "/internal/authorize", "GET /internal/authorize", false, {}}},
  };
  return endpoints;
}

}  // namespace hazegate::internal
