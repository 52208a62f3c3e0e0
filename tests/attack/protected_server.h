// The production shape for hostile-client tests and scripts/attack.sh: the
// real `hazegate serve` binary on a plain-HTTP loopback port behind the
// nginx TLS front door (gateway/frontdoor), with the broker run.sh ships
// (scripts/broker-config.sh), on a fresh database with the sample plan and
// one account (and token) per role. The processes end with the object. Not
// thread-safe.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>

#include "support.h"

namespace hazegate::testing {

// Resource use of a set of processes, from /proc.
struct ProcessUse {
  long peak_rss_kib = 0;   // largest VmHWM less RssFile among them
  double cpu_seconds = 0;  // user + system, all of them
};

class ProtectedServer {
 public:
  // Starts both and waits until /livez answers through the front door.
  // Throws std::runtime_error naming what failed.
  explicit ProtectedServer(const TempDir& dir);
  ~ProtectedServer();
  ProtectedServer(const ProtectedServer&) = delete;
  ProtectedServer& operator=(const ProtectedServer&) = delete;

  int port() const { return port_; }  // the front door's TLS port
  std::string ca_file() const { return dir_.File("tls/ca.crt"); }
  // Demo accounts: role name -> {token, org}.
  const std::string& token(const std::string& role) const {
    return tokens_.at(role);
  }
  const std::string& org(const std::string& role) const {
    return orgs_.at(role);
  }
  // The demo account "user-ROLE"'s password.
  static std::string password(const std::string& role) {
    return "password-" + role;
  }
  // The gateway's own plain-HTTP loopback port (a monitoring agent's view).
  int upstream_port() const { return upstream_port_; }
  std::string config() const { return dir_.File("hazegate.toml"); }
  std::string folder() const { return dir_.path().string(); }
  // The broker's loopback listener (the server's) and TLS one (devices').
  int mqtt_port() const { return mqtt_port_; }
  int mqtts_port() const { return mqtts_port_; }
  // The broker's WebSocket-over-TLS listener (behind the front door's /mqtt).
  int mqtt_wss_port() const { return mqtt_wss_port_; }
  static constexpr const char* kGatewayMqttPassword = "gateway-secret-1";

  // The gateway process, and the front door's processes (master + workers).
  ProcessUse GatewayUse() const;
  ProcessUse FrontDoorUse() const;
  // Restarts the peak-RSS counters (clear_refs) of every process.
  void ResetPeaks() const;
  bool GatewayAlive() const;

 private:
  void CreateAccounts();
  void StartBroker();
  void WaitUntilServing() const;

  const TempDir& dir_;
  int port_ = 0;
  int upstream_port_ = 0;
  int mqtt_port_ = 0;
  int mqtts_port_ = 0;
  int mqtt_wss_port_ = 0;
  pid_t broker_pid_ = -1;
  pid_t gateway_pid_ = -1;
  pid_t nginx_pid_ = -1;
  std::map<std::string, std::string> tokens_;
  std::map<std::string, std::string> orgs_;
};

}  // namespace hazegate::testing
