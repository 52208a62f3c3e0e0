// Benchmark helper (not a test): a bare Paho QoS 1 publish loop, the raw
// baseline for scripts/bench/fanout.sh, and a burst of acknowledgements.
//   bench_publish raw URI COUNT BYTES     -> seconds until the last PUBACK
//   bench_publish acks URI PREFIX FILE    -> publishes {"order_id"} to
//                                            PREFIX/orgs/ORG/acks for each
//                                            "ORG ID" line; seconds
// BENCH_MQTT_USERNAME / BENCH_MQTT_PASSWORD, when set, log in to the broker.
#include <mqtt/async_client.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <vector>

namespace {

constexpr int kWindow = 4096;
// Paho refuses publishes (-12) once this many commands wait in its queue.
constexpr int kMaxQueuedCommands = 65535;

// Publishes every message with at most kWindow unacknowledged.
class Publisher : public mqtt::iaction_listener {
 public:
  explicit Publisher(const std::string& uri)
      : client_(uri, "bench-" + std::to_string(getpid()),
                mqtt::create_options(MQTTVERSION_3_1_1, kMaxQueuedCommands)) {
    mqtt::connect_options options;
    options.set_clean_session(true);
    if (const char* user = std::getenv("BENCH_MQTT_USERNAME")) {
      options.set_user_name(user);
      const char* password = std::getenv("BENCH_MQTT_PASSWORD");
      options.set_password(password != nullptr ? password : "");
    }
    options.set_max_inflight(kWindow);
    client_.connect(options)->wait();
  }

  double Run(const std::vector<std::pair<std::string, std::string>>& messages) {
    const auto start = std::chrono::steady_clock::now();
    for (const auto& [topic, payload] : messages) {
      {
        std::unique_lock lock(mutex_);
        room_.wait(lock, [this] { return in_flight_ < kWindow; });
        ++in_flight_;
      }
      client_.publish(mqtt::make_message(topic, payload, 1, false), nullptr,
                      *this);
    }
    std::unique_lock lock(mutex_);
    room_.wait(lock, [this] { return in_flight_ == 0; });
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start)
        .count();
  }

 private:
  void on_success(const mqtt::token&) override { Done(); }
  void on_failure(const mqtt::token&) override {
    std::cerr << "publish failed\n";
    Done();
  }
  void Done() {
    std::lock_guard lock(mutex_);
    --in_flight_;
    room_.notify_all();
  }

  mqtt::async_client client_;
  std::mutex mutex_;
  std::condition_variable room_;
  int in_flight_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  std::vector<std::pair<std::string, std::string>> messages;
  if (mode == "raw" && argc == 5) {
    const int count = std::stoi(argv[3]);
    const std::string payload(std::stoul(argv[4]), 'x');
    for (int i = 0; i < count; ++i) {
      messages.emplace_back("bench/raw/" + std::to_string(i % 1000), payload);
    }
  } else if (mode == "acks" && argc == 5) {
    std::ifstream lines(argv[4]);
    std::string org, id;
    while (lines >> org >> id) {
      messages.emplace_back(std::string(argv[3]) + "/orgs/" + org + "/acks",
                            "{\"order_id\":\"" + id + "\"}");
    }
  } else {
    std::cerr << "usage: bench_publish raw URI COUNT BYTES | acks URI PREFIX "
                 "FILE\n";
    return 2;
  }
  Publisher publisher(argv[2]);
  std::cout << publisher.Run(messages) << "\n";
  return 0;
}
