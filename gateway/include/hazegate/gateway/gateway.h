// The HTTPS gateway: routing, authentication, the route -> roles table,
// problem+json errors, metrics and the access log. Thread-safe: requests are
// served from a pool of worker threads; Stop() may be called from any thread.
// Store and Clock must outlive the Gateway.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"
#include "hazegate/mqtt/broker_authority.h"
#include "hazegate/sms/sms.h"
#include "hazegate/warnings/warnings.h"

namespace hazegate {

struct GatewayOptions {
  std::string host = "127.0.0.1";
  int port = 8443;       // 0 = any free port
  std::string tls_cert;  // PEM; empty together with tls_key = plain HTTP
  std::string tls_key;
  int worker_threads = 64;           // >= keep-alive clients expected at once
  size_t max_body_bytes = 16 << 20;  // POST /inspections has its own limits
  std::string blob_dir;              // the photo store; required
  // Holds console/ and m/, the web clients, served at /console/ and /m/;
  // "" = not served.
  std::string web_root;
  // Adds POST /bench/discard (reads a multipart body, keeps nothing): the
  // baseline of scripts/bench/ingest.sh. Off in production.
  bool bench_discard_route = false;
  // The broker address POST /devices tells devices, and the server's own
  // broker username (no device may take it).
  std::string device_mqtt_uri = "tcp://127.0.0.1:1883";
  std::string device_mqtt_ws_uri;              // "" = none
  std::string mqtt_topic_prefix = "hazegate";  // told to devices
  std::string reserved_mqtt_username;
  // Live devices an org may hold ([devices] max_per_org).
  int max_devices_per_org = 20;
  // Called after POST /devices committed a device and before its 201:
  // returns once the broker accepts the device's login (or gave up), so an
  // app can connect as soon as it has the answer. None = answer at once.
  std::function<void(const std::string& username, const std::string& password)>
      device_created;
  // Reports the broker connection for /healthz; none = "disconnected".
  std::function<bool()> mqtt_connected;
  // Called after a request committed outbox rows (wakes the dispatcher).
  std::function<void()> outbox_written;
  // How activations write their orders (warnings.h).
  FanOutOptions fanout;
  // More Prometheus text for /metrics (the notifier's counters).
  std::function<std::string()> extra_metrics;
  // SMS (contract v3 §5): answers Kannel's delivery reports and replies at
  // /internal/sms/… when they carry the key; nullptr = SMS off (404).
  SmsService* sms = nullptr;
  std::string sms_callback_key;
  // Answers a clustered broker's account questions on /internal/mqtt/…
  // (contract v3 §6); nullptr = off (404).
  const BrokerAuthority* broker_authority = nullptr;
};

class Gateway {
 public:
  Gateway(GatewayOptions options, Store& store, const Clock& clock);
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // Loads TLS material and binds the listener; an error names what failed.
  Status Bind();
  int port() const;

  // Serves until Stop(); returns after in-flight requests have finished.
  void Serve();
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hazegate
