#include <mqtt/async_client.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>

#include "hazegate/config/server_config.h"
#include "hazegate/core/worker.h"
#include "hazegate/mqtt/broker_client.h"

namespace hazegate {

namespace {

constexpr int kMaxInFlight = 4096;
// Paho refuses publishes (-12) once this many commands wait in its queue.
constexpr int kMaxQueuedCommands = 65535;
constexpr auto kRetryInterval = std::chrono::milliseconds(500);
constexpr auto kConnectTimeout = std::chrono::seconds(5);
constexpr auto kSubscribeTimeout = std::chrono::seconds(5);

// Each connection gets a fresh Paho client: after a loss the old one (with
// whatever state it kept) is destroyed and a new one connects under the same
// client id and persistent session. Publishes that were in flight are sent
// again by the dispatcher, which learns of the loss through the handlers.
// The supervisor (a Worker) alone creates, connects and destroys clients.
// The settings' credentials (if any) and, for ssl:// and wss://, TLS
// verified against their CA.
void SetLogin(const MqttSettings& settings, mqtt::connect_options& options) {
  if (!settings.username.empty()) options.set_user_name(settings.username);
  if (!settings.password.empty()) options.set_password(settings.password);
  if (settings.uri.rfind("ssl://", 0) == 0 ||
      settings.uri.rfind("wss://", 0) == 0) {
    mqtt::ssl_options ssl;
    ssl.set_trust_store(settings.ca_file);
    ssl.set_enable_server_cert_auth(true);
    ssl.set_verify(true);
    options.set_ssl(ssl);
  }
}

class PahoBrokerClient final : public BrokerClient,
                               private mqtt::iaction_listener {
 public:
  explicit PahoBrokerClient(const MqttSettings& settings)
      : settings_(settings),
        uris_(SplitBrokerUris(settings.uri)),
        supervisor_([this] { Supervise(); }, kRetryInterval) {
    // Several brokers (a cluster's nodes): each connect tries them in order.
    if (uris_.size() > 1) {
      options_.set_servers(mqtt::string_collection::create(uris_));
    }
    options_.set_clean_session(false);
    options_.set_keep_alive_interval(20);
    options_.set_max_inflight(kMaxInFlight);
    options_.set_connect_timeout(kConnectTimeout);
    SetLogin(settings, options_);
  }

  ~PahoBrokerClient() override { Stop(); }

  void Start(Handlers handlers) override {
    handlers_ = std::move(handlers);
    running_ = true;
    supervisor_.Start();
  }

  void Stop() override {
    if (!running_.exchange(false)) return;
    supervisor_.Stop();
    std::lock_guard lock(client_mutex_);
    if (client_) Disconnect(*client_);
    client_.reset();
    SetConnected(false);
  }

  bool Connected() const override { return connected_; }

  bool Publish(uint64_t tag, const OutboundMessage& message) override {
    std::lock_guard lock(client_mutex_);
    if (!connected_ || !client_) return false;
    try {
      client_->publish(mqtt::make_message(message.topic, message.payload, 1,
                                          message.retained),
                       reinterpret_cast<void*>(tag), *this);
      return true;
    } catch (const mqtt::exception& e) {
      spdlog::debug("mqtt publish: {}", e.what());
      return false;
    }
  }

  bool Subscribe(const std::string& filter) override {
    std::lock_guard lock(client_mutex_);
    if (!connected_ || !client_) return false;
    try {
      auto token = client_->subscribe(filter, 1);
      return token->wait_for(kSubscribeTimeout) &&
             token->get_return_code() == 0;
    } catch (const mqtt::exception& e) {
      spdlog::warn("mqtt subscribe {}: {}", filter, e.what());
      return false;
    }
  }

 private:
  // A turn of the supervisor: at start, on a loss, and every
  // kRetryInterval.
  void Supervise() {
    if (!connected_) Reconnect();
  }

  void Reconnect() {
    std::lock_guard lock(client_mutex_);
    if (client_) Disconnect(*client_);
    client_ = std::make_unique<mqtt::async_client>(
        uris_.front(), settings_.client_id,
        mqtt::create_options(MQTTVERSION_3_1_1, kMaxQueuedCommands));
    client_->set_connection_lost_handler([this](const std::string&) {
      SetConnected(false);
      supervisor_.Wake();
    });
    client_->set_message_callback([this](mqtt::const_message_ptr message) {
      if (handlers_.message) {
        handlers_.message(message->get_topic(), message->to_string());
      }
    });
    try {
      client_->connect(options_)->wait_for(kConnectTimeout);
    } catch (const mqtt::exception& e) {
      if (!warned_)
        spdlog::warn("mqtt connect {}: {}", settings_.uri, e.what());
      warned_ = true;
      return;
    }
    if (client_->is_connected()) {
      warned_ = false;
      SetConnected(true);
    }
  }

  static void Disconnect(mqtt::async_client& client) {
    try {
      if (client.is_connected()) {
        client.disconnect()->wait_for(std::chrono::seconds(2));
      }
    } catch (const mqtt::exception&) {
      // Already gone: destroying the client is all that is left.
    }
  }

  // Reports each change of the link once.
  void SetConnected(bool connected) {
    if (connected_.exchange(connected) != connected && handlers_.connection) {
      handlers_.connection(connected);
    }
  }

  void on_success(const mqtt::token& token) override {
    if (handlers_.delivered) {
      handlers_.delivered(reinterpret_cast<uint64_t>(token.get_user_context()));
    }
  }

  void on_failure(const mqtt::token& token) override {
    if (handlers_.failed) {
      handlers_.failed(reinterpret_cast<uint64_t>(token.get_user_context()));
    }
  }

  const MqttSettings settings_;
  const std::vector<std::string> uris_;  // settings_.uri, one per broker
  mqtt::connect_options options_;
  Handlers handlers_;
  std::atomic<bool> running_{false};
  std::atomic<bool> connected_{false};
  bool warned_ = false;      // supervisor only
  std::mutex client_mutex_;  // guards client_
  std::unique_ptr<mqtt::async_client> client_;
  Worker supervisor_;
};

}  // namespace

std::unique_ptr<BrokerClient> MakePahoBrokerClient(
    const MqttSettings& settings) {
  return std::make_unique<PahoBrokerClient>(settings);
}

bool BrokerAcceptsLogin(const MqttSettings& settings,
                        std::chrono::milliseconds timeout) {
  try {
    mqtt::async_client client(SplitBrokerUris(settings.uri).front(),
                              settings.client_id,
                              mqtt::create_options(MQTTVERSION_3_1_1));
    mqtt::connect_options options;
    options.set_clean_session(true);
    options.set_connect_timeout(
        std::chrono::duration_cast<std::chrono::seconds>(timeout) +
        std::chrono::seconds(1));
    SetLogin(settings, options);
    if (!client.connect(options)->wait_for(timeout)) return false;
    client.disconnect()->wait_for(timeout);
    return true;
  } catch (const mqtt::exception&) {
    return false;  // refused, or no broker
  }
}

}  // namespace hazegate
