#include <mqtt/async_client.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <thread>

#include "hazegate/notifier/broker_client.h"

namespace hazegate {

namespace {

constexpr int kMaxInFlight = 4096;
// Paho refuses publishes (-12) once this many commands wait in its queue.
constexpr int kMaxQueuedCommands = 65535;
constexpr auto kRetryInterval = std::chrono::milliseconds(500);
constexpr auto kConnectTimeout = std::chrono::seconds(5);
constexpr auto kSubscribeTimeout = std::chrono::seconds(5);

class PahoBrokerClient final : public BrokerClient,
                               private mqtt::iaction_listener {
 public:
  explicit PahoBrokerClient(const MqttSettings& settings)
      : client_(settings.uri, settings.client_id,
                mqtt::create_options(MQTTVERSION_3_1_1, kMaxQueuedCommands)) {
    options_.set_clean_session(false);
    options_.set_keep_alive_interval(20);
    options_.set_max_inflight(kMaxInFlight);
    options_.set_connect_timeout(kConnectTimeout);
    if (!settings.username.empty()) options_.set_user_name(settings.username);
    if (!settings.password.empty()) options_.set_password(settings.password);
    if (settings.uri.rfind("ssl://", 0) == 0) {
      mqtt::ssl_options ssl;
      ssl.set_trust_store(settings.ca_file);
      ssl.set_enable_server_cert_auth(true);
      ssl.set_verify(true);
      options_.set_ssl(ssl);
    }
  }

  ~PahoBrokerClient() override { Stop(); }

  void Start(Handlers handlers) override {
    handlers_ = std::move(handlers);
    client_.set_connected_handler(
        [this](const std::string&) { SetConnected(true); });
    client_.set_connection_lost_handler([this](const std::string&) {
      SetConnected(false);
      wake_.notify_all();
    });
    client_.set_message_callback([this](mqtt::const_message_ptr message) {
      if (handlers_.message) {
        handlers_.message(message->get_topic(), message->to_string());
      }
    });
    running_ = true;
    supervisor_ = std::thread([this] { Supervise(); });
  }

  void Stop() override {
    if (!running_.exchange(false)) return;
    wake_.notify_all();
    supervisor_.join();
    try {
      if (client_.is_connected()) client_.disconnect()->wait_for(kConnectTimeout);
    } catch (const mqtt::exception& e) {
      spdlog::warn("mqtt disconnect: {}", e.what());
    }
    SetConnected(false);
  }

  bool Connected() const override { return connected_; }

  bool Publish(uint64_t tag, const OutboundMessage& message) override {
    if (!connected_) return false;
    try {
      auto msg = mqtt::make_message(message.topic, message.payload, 1,
                                    message.retained);
      client_.publish(msg, reinterpret_cast<void*>(tag), *this);
      return true;
    } catch (const mqtt::exception& e) {
      spdlog::debug("mqtt publish: {}", e.what());
      return false;
    }
  }

  bool Subscribe(const std::string& filter) override {
    try {
      auto token = client_.subscribe(filter, 1);
      return token->wait_for(kSubscribeTimeout) &&
             token->get_return_code() == 0;
    } catch (const mqtt::exception& e) {
      spdlog::warn("mqtt subscribe {}: {}", filter, e.what());
      return false;
    }
  }

 private:
  // Connects, and reconnects after a loss, until Stop().
  void Supervise() {
    std::mutex mutex;
    while (running_) {
      if (!client_.is_connected()) TryConnect();
      std::unique_lock lock(mutex);
      wake_.wait_for(lock, kRetryInterval);
    }
  }

  void TryConnect() {
    try {
      client_.connect(options_)->wait_for(kConnectTimeout);
    } catch (const mqtt::exception& e) {
      if (!warned_) spdlog::warn("mqtt connect: {}", e.what());
      warned_ = true;
      return;
    }
    if (client_.is_connected()) {
      warned_ = false;
      SetConnected(true);
    }
  }

  // Reports each change of the link once, whichever callback sees it first.
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

  mqtt::async_client client_;
  mqtt::connect_options options_;
  Handlers handlers_;
  std::atomic<bool> running_{false};
  std::atomic<bool> connected_{false};
  bool warned_ = false;
  std::condition_variable wake_;
  std::thread supervisor_;
};

}  // namespace

std::unique_ptr<BrokerClient> MakePahoBrokerClient(
    const MqttSettings& settings) {
  return std::make_unique<PahoBrokerClient>(settings);
}

}  // namespace hazegate
