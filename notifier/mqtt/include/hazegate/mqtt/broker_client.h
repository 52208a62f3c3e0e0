// BrokerClient: the MQTT link, behind an interface so that the dispatcher and
// acknowledgement intake can be tested in memory. Thread-safe. Handlers run
// on the client's network thread: they must return quickly and must never
// call back into the client.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace hazegate {

struct MqttSettings {
  // tcp://host:port, ssl://host:port or wss://host:port/path (MQTT over
  // WebSocket over TLS); several comma-separated (a cluster's nodes): the
  // client fails over between them, in order.
  std::string uri;
  std::string client_id;
  std::string username;
  std::string password;
  std::string ca_file;  // for ssl://, wss://: the CA the broker is verified by
};

struct OutboundMessage {
  std::string topic;
  std::string payload;
  bool retained = false;
};

class BrokerClient {
 public:
  struct Handlers {
    std::function<void(uint64_t tag)> delivered;  // broker acknowledged `tag`
    std::function<void(uint64_t tag)> failed;     // `tag` will not complete
    std::function<void(bool connected)> connection;
    std::function<void(const std::string& topic, const std::string& payload)>
        message;  // an incoming message on a subscribed topic
  };

  virtual ~BrokerClient() = default;

  // Connects in the background and keeps reconnecting until Stop().
  virtual void Start(Handlers handlers) = 0;
  virtual void Stop() = 0;
  virtual bool Connected() const = 0;

  // Publishes at QoS 1. False if it could not be handed to the link (not
  // connected): then nothing was sent and `tag` will get no callback.
  virtual bool Publish(uint64_t tag, const OutboundMessage& message) = 0;

  // Subscribes at QoS 1 and waits for the broker's answer; false on failure.
  virtual bool Subscribe(const std::string& filter) = 0;
};

// The Eclipse Paho implementation. Uses a persistent session (clean session
// off) under settings.client_id, so subscriptions and in-flight messages
// survive reconnects.
std::unique_ptr<BrokerClient> MakePahoBrokerClient(
    const MqttSettings& settings);

// True if the broker accepts a login with these settings now: one connect
// with a clean session (nothing is left behind), then a disconnect.
// Blocks up to `timeout`; thread-safe.
bool BrokerAcceptsLogin(const MqttSettings& settings,
                        std::chrono::milliseconds timeout);

}  // namespace hazegate
