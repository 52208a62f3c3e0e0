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
  ServerProcess(std::string config, int port)
      : config_(std::move(config)), port_(port) {}
  ~ServerProcess() {
    if (pid_ > 0) Kill(SIGTERM);
  }

  void Start() {
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);  // no orphan if the test dies
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, STDOUT_FILENO);  // the access log
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

 private:
  std::string config_;
  int port_;
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

}  // namespace
}  // namespace hazegate
