// A real Mosquitto broker on a free loopback port, and a test MQTT client.
#pragma once

#include <mqtt/async_client.h>
#include <sys/types.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support.h"

namespace hazegate::testing {

// A loopback TCP port that was free a moment ago, below the ephemeral
// range (no outgoing connection takes it meanwhile).
int FreePort();

// Whether a TCP connection to loopback `port` is accepted now.
bool PortAccepts(int port);

// Mosquitto with persistence on, anonymous access allowed (credentials are
// tested separately), queue limits raised for big fan-outs.
class Mosquitto {
 public:
  // `security` replaces "allow_anonymous true" (e.g. password and ACL files);
  // `autosave_s`: how often the broker writes its state to disk (run.sh's
  // broker: 10 s; what it acknowledged since is lost with a SIGKILL).
  explicit Mosquitto(const TempDir& dir,
                     const std::string& security = "allow_anonymous true\n",
                     int autosave_s = 1);
  // A broker with a configuration written elsewhere (listening on `port`),
  // its own log going to `log_file`.
  Mosquitto(std::string config_file, int port, std::string log_file);
  ~Mosquitto();
  void Start();           // returns once the port accepts connections
  void Kill(int signal);  // and waits for the process to end
  std::string uri() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }

 private:
  std::string config_;
  int port_;
  std::string log_file_;  // "" = the broker's own log settings
  pid_t pid_ = -1;
};

struct Received {
  std::string topic;
  nlohmann::json payload;
  bool retained;
};

// A QoS 1 subscriber (persistent session unless clean_session); for
// ssl:// and wss:// the broker is verified against `ca_file`.
class TestClient {
 public:
  TestClient(const std::string& uri, const std::string& client_id,
             bool clean_session = true, const std::string& username = "",
             const std::string& password = "", std::string ca_file = "");
  ~TestClient();
  void Connect();
  void Subscribe(const std::string& filter);
  void Disconnect();
  void Publish(const std::string& topic, const std::string& payload);
  bool Connected() const { return client_.is_connected(); }

  // The next message within `timeout`, or nullopt.
  std::optional<Received> Next(std::chrono::milliseconds timeout);
  // Messages until `count` have arrived or `timeout` passed.
  std::vector<Received> Collect(size_t count,
                                std::chrono::milliseconds timeout);

 private:
  mqtt::async_client client_;
  bool clean_session_;
  std::string username_, password_, ca_file_;
};

// The CONNACK return code a broker on loopback `port` answers to an MQTT
// 3.1.1 CONNECT (clean session) with these credentials: 0 accepted, 4 bad
// user name or password, 5 not authorized; -1 if no CONNACK came. Sent on a
// raw socket and closed at once: cheaper than a client library's refusal.
int MqttLoginCode(int port, const std::string& client_id,
                  const std::string& username, const std::string& password);

// Logs in on loopback `port` and publishes `bytes` of payload on `topic` at
// QoS 1, on a raw socket: true if the broker cut the connection instead of
// acknowledging it (its packet limit).
bool BrokerCutsOversizePublish(int port, const std::string& username,
                               const std::string& password,
                               const std::string& topic, size_t bytes);

// A plan with SmallPlan's orgs plus `schools` extra schools in 652301.
nlohmann::json PlanWithSchools(int schools);

}  // namespace hazegate::testing
