// Benchmark helper (not a test): a bare Paho QoS 1 publish loop, the raw
// baseline for scripts/bench/fanout.sh, and a burst of acknowledgements.
//   bench_publish raw URI COUNT BYTES [PREFIX]
//                                         -> seconds until the last PUBACK
//                                            (to PREFIX/raw/0…999, default
//                                            bench)
//   bench_publish acks URI PREFIX FILE    -> publishes {"order_id"} to
//                                            PREFIX/orgs/ORG/acks for each
//                                            "ORG ID" line; seconds
//   bench_publish receipts URI PREFIX WARNING N
//                                         -> a device that reports what
//                                            arrives: subscribes to
//                                            PREFIX/orgs/+/orders, prints
//                                            "ready", answers each order of
//                                            WARNING with a receipt, and once
//                                            N are in and their receipts
//                                            PUBACKed prints the Unix time
//   bench_publish receipts URI PREFIX WARNING N ORGS
//                                         -> the same for the orgs listed
//                                            (one per line) in file ORGS
//                                            only (URI may be ws://: MQTT
//                                            over WebSocket)
//   bench_publish roundtrip URI PREFIX N BYTES
//                                         -> the raw floor of approve -> all
//                                            received: N order-shaped
//                                            messages of BYTES published to
//                                            PREFIX/orgs/ORG/orders (1,000
//                                            orgs) as the raw mode does, for
//                                            a device running "receipts URI
//                                            PREFIX raw N", while a second
//                                            client takes its receipts; prints
//                                            seconds from the first publish
//                                            to the last receipt
//   bench_publish store DB WARNING BYTES  -> seconds to write the warning's
//                                            orders again, row by row, with
//                                            an outbox message of BYTES each,
//                                            in one transaction (the store's
//                                            floor: no fan-out logic); DB is
//                                            a copy of the server's database
// BENCH_MQTT_USERNAME / BENCH_MQTT_PASSWORD, when set, log in to the broker.
#include <SQLiteCpp/SQLiteCpp.h>
#include <mqtt/async_client.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "hazegate/app/schema.h"
#include "hazegate/core/store.h"

namespace {

constexpr int kWindow = 4096;
// Paho refuses publishes (-12) once this many commands wait in its queue.
constexpr int kMaxQueuedCommands = 65535;

// A clean session with kWindow in flight, as BENCH_MQTT_* say.
mqtt::connect_options ConnectOptions() {
  mqtt::connect_options options;
  options.set_clean_session(true);
  if (const char* user = std::getenv("BENCH_MQTT_USERNAME")) {
    options.set_user_name(user);
    const char* password = std::getenv("BENCH_MQTT_PASSWORD");
    options.set_password(password != nullptr ? password : "");
  }
  options.set_max_inflight(kWindow);
  return options;
}

// Publishes every message with at most kWindow unacknowledged.
class Publisher : public mqtt::iaction_listener {
 public:
  explicit Publisher(const std::string& uri)
      : client_(uri, "bench-" + std::to_string(getpid()),
                mqtt::create_options(MQTTVERSION_3_1_1, kMaxQueuedCommands)) {
    client_.connect(ConnectOptions())->wait();
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

// A client named `name`-PID, connected as ConnectOptions says and
// consuming what `filter` brings.
std::unique_ptr<mqtt::async_client> Subscribed(const std::string& uri,
                                               const std::string& name,
                                               const std::string& filter) {
  auto client = std::make_unique<mqtt::async_client>(
      uri, name + "-" + std::to_string(getpid()),
      mqtt::create_options(MQTTVERSION_3_1_1, kMaxQueuedCommands));
  client->start_consuming();
  client->connect(ConnectOptions())->wait();
  client->subscribe(filter, 1)->wait();
  return client;
}

// The "receipts" mode: a subscriber on every org's orders that sends
// {"order_ids":[id]} for each order on arrival.
double Receipts(const std::string& uri, const std::string& prefix,
                const std::string& warning, size_t expected,
                const std::set<std::string>& only = {}) {
  const auto subscribed =
      Subscribed(uri, "bench-receipts", prefix + "/orgs/+/orders");
  mqtt::async_client& client = *subscribed;
  std::cout << "ready" << std::endl;
  std::set<std::string> seen;
  std::vector<mqtt::delivery_token_ptr> sent;
  while (seen.size() < expected) {
    mqtt::const_message_ptr message = client.consume_message();
    if (!message) continue;
    const auto order = nlohmann::json::parse(message->to_string());
    if (order.value("type", "") != "order" ||
        order.value("warning_id", nlohmann::json()) != warning ||
        (!only.empty() && !only.contains(order["org"].get<std::string>()))) {
      continue;
    }
    const std::string id = order["id"];
    if (!seen.insert(id).second) continue;
    sent.push_back(client.publish(
        prefix + "/orgs/" + order["org"].get<std::string>() + "/receipts",
        nlohmann::json({{"order_ids", {id}}}).dump(), 1, false));
  }
  for (auto& token : sent) token->wait();
  const double done = std::chrono::duration<double>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  client.disconnect()->wait();
  return done;
}

// An order as hazegate's look to a device, padded to `bytes`.
std::string OrderShaped(size_t i, size_t bytes) {
  nlohmann::json order = {{"type", "order"},
                          {"id", "rt-" + std::to_string(i)},
                          {"org", "o" + std::to_string(i % 1000)},
                          {"warning_id", "raw"},
                          {"pad", ""}};
  const size_t size = order.dump().size();
  if (bytes > size) order["pad"] = std::string(bytes - size, 'x');
  return order.dump();
}

double Roundtrip(const std::string& uri, const std::string& prefix,
                 size_t count, size_t bytes) {
  const auto subscribed =
      Subscribed(uri, "bench-collector", prefix + "/orgs/+/receipts");
  mqtt::async_client& collector = *subscribed;
  std::vector<std::pair<std::string, std::string>> messages;
  for (size_t i = 0; i < count; ++i) {
    messages.emplace_back(
        prefix + "/orgs/o" + std::to_string(i % 1000) + "/orders",
        OrderShaped(i, bytes));
  }
  Publisher publisher(uri);
  const auto start = std::chrono::steady_clock::now();
  std::thread publishing([&] { publisher.Run(messages); });
  std::set<std::string> received;
  while (received.size() < count) {
    mqtt::const_message_ptr message = collector.consume_message();
    if (!message) continue;
    const auto receipt = nlohmann::json::parse(message->to_string());
    for (const auto& id : receipt["order_ids"]) {
      received.insert(id.get<std::string>());
    }
  }
  const auto end = std::chrono::steady_clock::now();
  publishing.join();
  collector.disconnect()->wait();
  return std::chrono::duration<double>(end - start).count();
}

using Rows = std::vector<std::vector<std::string>>;
constexpr int kColumns = 10;

// Writes `rows` (orders) again under ids starting with `prefix`, each with an
// outbox row, as InsertOrder writes them (same statements, indexes and
// foreign keys); seconds from BEGIN to the end of COMMIT.
double WriteAgain(SQLite::Database& db, const Rows& rows,
                  const std::string& prefix, const std::string& payload) {
  const auto start = std::chrono::steady_clock::now();
  SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement order(
      db,
      "INSERT INTO orders (id, warning_id, org, kind, level, title, body, "
      "measures, effective_at, ack_due_at, status, created_at) VALUES (?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0)");
  SQLite::Statement outbox(db,
                           "INSERT INTO outbox (address, payload, retained, "
                           "order_id, created_at) VALUES (?, ?, 0, ?, 0)");
  for (const auto& row : rows) {
    const std::string id = prefix + row[0];
    order.reset();
    order.bind(1, id);
    for (int i = 1; i < kColumns; ++i) order.bind(i + 1, row[i]);
    order.exec();
    outbox.reset();
    outbox.bind(1, "orgs/" + row[2] + "/orders");
    outbox.bind(2, payload);
    outbox.bind(3, id);
    outbox.exec();
  }
  transaction.commit();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

// The orders of `warning` in the database at `path` written again twice,
// through a connection set up as the server's; the second time, with
// SQLite's page cache warm as the server's is, is returned.
double StoreFloor(const std::string& path, const std::string& warning,
                  size_t payload_bytes) {
  auto store = hazegate::Store::Open(path, hazegate::HazegateSchema(), 1);
  if (!store.ok()) throw std::runtime_error(store.error().internal_text);
  auto lease = store.value()->Acquire();
  SQLite::Database& db = lease.db();
  Rows rows;
  SQLite::Statement read(db,
                         "SELECT id, warning_id, org, kind, level, title, "
                         "body, measures, effective_at, ack_due_at FROM "
                         "orders WHERE warning_id = ? AND kind <> "
                         "'approval_request'");
  read.bind(1, warning);
  while (read.executeStep()) {
    std::vector<std::string> row;
    for (int i = 0; i < kColumns; ++i) row.push_back(read.getColumn(i));
    rows.push_back(std::move(row));
  }
  const std::string payload(payload_bytes, 'x');
  WriteAgain(db, rows, "cold-", payload);
  return WriteAgain(db, rows, "warm-", payload);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "store" && argc == 5) {
    std::cout << StoreFloor(argv[2], argv[3], std::stoul(argv[4])) << "\n";
    return 0;
  }
  if (mode == "receipts" && (argc == 6 || argc == 7)) {
    std::set<std::string> only;
    if (argc == 7) {
      std::ifstream orgs(argv[6]);
      for (std::string org; orgs >> org;) only.insert(org);
    }
    std::cout << std::fixed
              << Receipts(argv[2], argv[3], argv[4], std::stoul(argv[5]), only)
              << "\n";
    return 0;
  }
  if (mode == "roundtrip" && argc == 6) {
    std::cout << Roundtrip(argv[2], argv[3], std::stoul(argv[4]),
                           std::stoul(argv[5]))
              << "\n";
    return 0;
  }
  std::vector<std::pair<std::string, std::string>> messages;
  if (mode == "raw" && (argc == 5 || argc == 6)) {
    const int count = std::stoi(argv[3]);
    const std::string payload(std::stoul(argv[4]), 'x');
    const std::string prefix = argc == 6 ? argv[5] : "bench";
    for (int i = 0; i < count; ++i) {
      messages.emplace_back(prefix + "/raw/" + std::to_string(i % 1000),
                            payload);
    }
  } else if (mode == "acks" && argc == 5) {
    std::ifstream lines(argv[4]);
    std::string org, id;
    while (lines >> org >> id) {
      messages.emplace_back(std::string(argv[3]) + "/orgs/" + org + "/acks",
                            "{\"order_id\":\"" + id + "\"}");
    }
  } else {
    std::cerr
        << "usage: bench_publish raw URI COUNT BYTES [PREFIX] | acks URI "
           "PREFIX "
           "FILE | receipts URI PREFIX WARNING COUNT | roundtrip URI PREFIX "
           "COUNT BYTES | store DB WARNING BYTES\n";
    return 2;
  }
  Publisher publisher(argv[2]);
  std::cout << publisher.Run(messages) << "\n";
  return 0;
}
