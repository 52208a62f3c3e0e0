// The real binary killed with SIGKILL in the middle of a fan-out, then
// restarted: every committed order still reaches the broker.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "mqtt_support.h"

namespace hazegate {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class ServerProcess {
 public:
  // `fault`: an environment entry (NAME=value) for the server, "" = none.
  ServerProcess(std::string config, int port, std::string fault = "")
      : config_(std::move(config)), port_(port), fault_(std::move(fault)) {}
  ~ServerProcess() {
    if (pid_ > 0) Kill(SIGTERM);
  }

  void Start() {
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);  // no orphan if the test dies
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, STDOUT_FILENO);  // the access log
      if (!fault_.empty()) putenv(fault_.data());
      execl(HAZEGATE_BINARY, HAZEGATE_BINARY, "serve", "--config",
            config_.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(200ms);
    ASSERT_TRUE(testing::Eventually([&] {
      auto res = client.Get("/healthz");
      return res && res->status == 200 &&
             json::parse(res->body)["mqtt"] == "connected";
    }));
  }

  void Kill(int signal) {
    kill(pid_, signal);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  // True once the process has ended by itself.
  bool Ended() {
    if (pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == pid_) pid_ = -1;
    return pid_ <= 0;
  }

 private:
  std::string config_;
  int port_;
  std::string fault_;
  pid_t pid_ = -1;
};

std::string RunForOutput(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe)) out += buffer;
  pclose(pipe);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST(Crash, GatewayKilledMidFanOutDeliversEverythingAfterRestart) {
  testing::TempDir dir;
  testing::Mosquitto broker(dir);
  broker.Start();
  const int port = testing::FreePort();
  const std::string config = dir.File("hazegate.toml");
  std::ofstream(config) << "[server]\nlisten = \"127.0.0.1:" << port << "\"\n"
                        << "[store]\ndatabase = \"h.db\"\nblobs = \"blobs\"\n"
                        << "[mqtt]\nuri = \"" << broker.uri() << "\"\n"
                        << "topic_prefix = \"hg\"\n";
  std::ofstream(dir.File("plan.json")) << testing::PlanWithSchools(5000).dump();
  const std::string cli = std::string(HAZEGATE_BINARY) + " ";
  ASSERT_EQ(std::system((cli + "plan load --config " + config + " " +
                         dir.File("plan.json") + " 2>/dev/null")
                            .c_str()),
            0);
  const std::string token =
      RunForOutput(cli + "account create --config " + config +
                   " --username office --role office --org office");
  testing::TestClient watcher(broker.uri(), "watcher", false);
  watcher.Connect();
  watcher.Subscribe("hg/orgs/+/orders");

  ServerProcess server(config, port);
  server.Start();
  httplib::Client client("127.0.0.1", port);
  auto res =
      client.Post("/api/v1/warnings", {{"Authorization", "Bearer " + token}},
                  json({{"level", "yellow"},
                        {"areas", {"652301"}},
                        {"starts_at", "2026-12-01T08:00:00+08:00"},
                        {"reason", "AQI"}})
                      .dump(),
                  "application/json");
  ASSERT_TRUE(res && res->status == 201);
  std::this_thread::sleep_for(50ms);
  server.Kill(SIGKILL);

  auto store = Store::Open(dir.File("h.db"), 1);
  ASSERT_TRUE(store.ok());
  auto count = [&](const std::string& sql) {
    auto lease = store.value()->Acquire();
    return lease.db().execAndGet(sql).getInt();
  };
  const int total = count("SELECT count(*) FROM orders");
  ASSERT_GE(total, 5000);
  EXPECT_GT(count("SELECT count(*) FROM outbox"), 0)
      << "the gateway was killed after the fan-out had finished";

  server.Start();
  ASSERT_TRUE(testing::Eventually(
      [&] {
        return count("SELECT count(*) FROM outbox") == 0 &&
               count("SELECT count(*) FROM orders WHERE status = 'pending'") ==
                   0;
      },
      60s));
  std::set<std::string> received;
  const auto end = std::chrono::steady_clock::now() + 30s;
  while (received.size() < static_cast<size_t>(total) &&
         std::chrono::steady_clock::now() < end) {
    auto message = watcher.Next(1s);
    if (message) received.insert(message->payload["id"].get<std::string>());
  }
  EXPECT_EQ(received.size(), static_cast<size_t>(total));
}

// Issue 11.3: Paho PUBACKs an ack before the server commits it; a crash in
// between lost it. The app re-sends its ack until it sees ack_recorded, so
// the ack is recorded, once, after the restart.
TEST(Crash, AnAckLostBeforeItsCommitIsRecordedOnceWhenTheAppResendsIt) {
  testing::TempDir dir;
  testing::Mosquitto broker(dir);
  broker.Start();
  const int port = testing::FreePort();
  const std::string config = dir.File("hazegate.toml");
  std::ofstream(config) << "[server]\nlisten = \"127.0.0.1:" << port << "\"\n"
                        << "[store]\ndatabase = \"h.db\"\nblobs = \"blobs\"\n"
                        << "[mqtt]\nuri = \"" << broker.uri() << "\"\n"
                        << "topic_prefix = \"hg\"\n";
  std::ofstream(dir.File("plan.json")) << testing::PlanWithSchools(0).dump();
  const std::string cli = std::string(HAZEGATE_BINARY) + " ";
  ASSERT_EQ(std::system((cli + "plan load --config " + config + " " +
                         dir.File("plan.json") + " 2>/dev/null")
                            .c_str()),
            0);
  const std::string token =
      RunForOutput(cli + "account create --config " + config +
                   " --username office --role office --org office");
  testing::TestClient app(broker.uri(), "sch-1", false);
  app.Connect();
  app.Subscribe("hg/orgs/sch-1/orders");

  ServerProcess dying(config, port, "HAZEGATE_FAULT_DIE_BEFORE_ACK_COMMIT=1");
  dying.Start();
  httplib::Client client("127.0.0.1", port);
  auto res =
      client.Post("/api/v1/warnings", {{"Authorization", "Bearer " + token}},
                  json({{"level", "yellow"},
                        {"areas", {"652301"}},
                        {"starts_at", "2026-12-01T08:00:00+08:00"},
                        {"reason", "AQI"}})
                      .dump(),
                  "application/json");
  ASSERT_TRUE(res && res->status == 201);
  const auto order = app.Next(10s);
  ASSERT_TRUE(order && order->payload["type"] == "order");
  const std::string order_id = order->payload["id"];
  const std::string ack = json({{"order_id", order_id}}).dump();
  app.Publish("hg/orgs/sch-1/acks", ack);  // PUBACKed, then the server dies
  ASSERT_TRUE(testing::Eventually([&] { return dying.Ended(); }, 10s));

  auto store = Store::Open(dir.File("h.db"), 1);
  ASSERT_TRUE(store.ok());
  auto count = [&](const std::string& sql) {
    auto lease = store.value()->Acquire();
    return lease.db().execAndGet(sql).getInt();
  };
  EXPECT_EQ(count("SELECT count(*) FROM orders WHERE id = '" + order_id +
                  "' AND status = 'acknowledged'"),
            0);

  ServerProcess server(config, port);
  server.Start();
  // The app's side of the protocol (docs/mqtt.md): re-send until confirmed.
  bool confirmed = false;
  for (int attempt = 0; attempt < 10 && !confirmed; ++attempt) {
    app.Publish("hg/orgs/sch-1/acks", ack);
    const auto until = std::chrono::steady_clock::now() + 2s;
    while (!confirmed && std::chrono::steady_clock::now() < until) {
      const auto message = app.Next(200ms);
      confirmed = message && message->payload["type"] == "ack_recorded" &&
                  message->payload["order_id"] == order_id;
    }
  }
  ASSERT_TRUE(confirmed);
  EXPECT_EQ(count("SELECT count(*) FROM orders WHERE id = '" + order_id +
                  "' AND status = 'acknowledged' AND ack_channel = 'mqtt'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'order.ack' "
                  "AND object_id = '" +
                  order_id + "'"),
            1);
}

}  // namespace
}  // namespace hazegate
