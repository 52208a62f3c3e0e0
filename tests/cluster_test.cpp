// hazegate against a three-node RabbitMQ cluster (contract v3 §6, issue
// 24): scripts/cluster.sh starts the nodes, which ask the real server
// (GET /internal/mqtt/…) about every account; the server lists all three in
// [mqtt] uri. A node is SIGKILLed in the middle of a fan-out: devices on the
// surviving nodes end with every order, and every order is received; a
// device deleted over HTTP is refused by every node, another org's topic
// by every node.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "mqtt_support.h"
#include "server_process.h"
#include "support.h"

namespace hazegate {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr int kSchools = 5000;

class Cluster : public ::testing::Test {
 protected:
  // `queues`: cluster.sh's QUEUES (quorum or mirrored); `schools` in the
  // plan besides SmallPlan's orgs.
  explicit Cluster(std::string queues = "quorum", int schools = kSchools)
      : port_(testing::FreePort()),
        queues_(std::move(queues)),
        schools_(schools) {}

  void SetUp() override {
    const std::string script =
        std::string(HAZEGATE_SOURCE_DIR) + "/scripts/cluster.sh ";
    ASSERT_EQ(std::system((script + "start " + dir_.File("cluster") +
                           " http://127.0.0.1:" + std::to_string(port_) + " " +
                           queues_ + " >" + dir_.File("cluster.out") + " 2>&1")
                              .c_str()),
              0)
        << testing::CommandOutput("cat " + dir_.File("cluster.out"));
    std::ifstream env(dir_.File("cluster/cluster.env"));
    for (std::string line; std::getline(env, line);) {
      const size_t eq = line.find('=');
      if (eq != std::string::npos)
        env_[line.substr(0, eq)] = line.substr(eq + 1);
    }
    ASSERT_FALSE(env_["MQTT_URIS"].empty());
    Prepare();
  }

  void TearDown() override {
    server_.reset();
    std::system((std::string(HAZEGATE_SOURCE_DIR) +
                 "/scripts/cluster.sh stop " + dir_.File("cluster") +
                 " >/dev/null 2>&1")
                    .c_str());
  }

  void Prepare() {
    std::ofstream(config_)
        << "[server]\nlisten = \"127.0.0.1:" << port_
        << "\"\n[store]\ndatabase = \"h.db\"\nblobs = "
           "\"blobs\"\n[mqtt]\nuri = \""
        << env_["MQTT_URIS"]
        << "\"\nclient_id = \"hazegate-gw\"\nusername = "
           "\"hazegate-gw\"\npassword = \"gw-secret\"\n"
           "topic_prefix = \"hg\"\nauth_http = true\nmanagement_urls = \""
        << env_["MGMT_URLS"] << "\"\ndevice_ws_uri = \"" << env_["DOOR_WSS"]
        << "\"\n";
    std::ofstream(dir_.File("plan.json"))
        << testing::PlanWithSchools(schools_).dump();
    const std::string cli = std::string(HAZEGATE_BINARY) + " ";
    ASSERT_EQ(std::system((cli + "plan load --config " + config_ + " " +
                           dir_.File("plan.json") + " 2>/dev/null")
                              .c_str()),
              0);
    for (const auto& [user, role, org] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"office", "office", "office"},
             {"school", "school", "school-0"}}) {
      tokens_[user] = testing::CommandOutput(
          cli + "account create --config " + config_ + " --username " + user +
          " --role " + role + " --org " + org);
    }
    server_ = std::make_unique<testing::ServerProcess>(config_, port_);
    server_->Start();
  }

  httplib::Result Call(const std::string& method, const std::string& path,
                       const std::string& user, const json& body = nullptr) {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(120, 0);
    const httplib::Headers headers = {
        {"Authorization", "Bearer " + tokens_[user]}};
    if (method == "DELETE") return client.Delete(path.c_str(), headers);
    return client.Post(path.c_str(), headers, body.is_null() ? "" : body.dump(),
                       "application/json");
  }

  int Count(const std::string& sql) {
    return std::stoi(testing::CommandOutput("sqlite3 " + dir_.File("h.db") +
                                            " \"" + sql + "\""));
  }

  // A yellow warning for 652301 issued by the office: its id, "" (and a
  // test failure) if refused.
  std::string IssueYellow() {
    auto issued = Call("POST", "/api/v1/warnings", "office",
                       {{"level", "yellow"},
                        {"areas", {"652301"}},
                        {"starts_at", "2026-12-01T08:00:00+08:00"},
                        {"reason", "AQI"}});
    EXPECT_EQ(issued->status, 201) << issued->body;
    if (issued->status != 201) return "";
    return json::parse(issued->body)["id"].get<std::string>();
  }

  // A new device of school-0: the 201's body (null and a test failure if
  // refused).
  json NewDevice(const std::string& name) {
    auto made = Call("POST", "/api/v1/devices", "school", {{"name", name}});
    EXPECT_EQ(made->status, 201) << made->body;
    return made->status == 201 ? json::parse(made->body) : json();
  }

  // SIGKILLs node n: a lost node.
  int KillNode(int n) {
    return std::system((std::string(HAZEGATE_SOURCE_DIR) +
                        "/scripts/cluster.sh kill " + dir_.File("cluster") +
                        " " + std::to_string(n))
                           .c_str());
  }

  // The MQTT client ids connected to node n, one per line.
  std::string ClientsOn(int n) {
    return testing::CommandOutput(
        std::string(HAZEGATE_SOURCE_DIR) + "/scripts/cluster.sh ctl " +
        dir_.File("cluster") + " " + std::to_string(n) +
        " list_mqtt_connections client_id --silent 2>/dev/null");
  }

  // Node n's MQTT port.
  int MqttPort(int n) {
    const std::string uri = env_["NODE" + std::to_string(n) + "_MQTT"];
    return std::stoi(uri.substr(uri.rfind(':') + 1));
  }

  testing::TempDir dir_;
  int port_;
  const std::string queues_;
  const int schools_;
  std::string config_ = dir_.File("hazegate.toml");
  std::map<std::string, std::string> env_, tokens_;
  std::unique_ptr<testing::ServerProcess> server_;
};

TEST_F(Cluster, ANodeLostMidFanOutLosesNothingAndEveryNodeAsksHazegate) {
  // A device of school-0 (persistent session) on node 2; a receipting
  // watcher on node 3 with the gateway's rights, as every school's phone.
  const json created = NewDevice("p");
  ASSERT_FALSE(created.is_null());
  const json device = created["mqtt"];
  const std::string user = device["username"];
  testing::TestClient phone(env_["NODE2_MQTT"], user, false, user,
                            device["password"]);
  phone.Connect();
  phone.Subscribe("hg/orgs/school-0/orders");
  // Another device of the school over MQTT over WebSocket, as the field app
  // connects, on node 3's rabbitmq_web_mqtt. A clean session: 3.10's
  // web_mqtt delivers nothing from a quorum queue (docs/operations.md).
  const json ws_device = NewDevice("ws")["mqtt"];
  ASSERT_FALSE(ws_device.is_null());
  testing::TestClient ws_phone(env_["NODE3_WS"], ws_device["username"], true,
                               ws_device["username"], ws_device["password"]);
  ws_phone.Connect();
  ws_phone.Subscribe("hg/orgs/school-0/orders");
  testing::TestClient watcher(env_["NODE3_MQTT"], "watcher", false,
                              "hazegate-gw", "gw-secret");
  watcher.Connect();
  watcher.Subscribe("hg/orgs/+/orders");

  const std::string id = IssueYellow();
  ASSERT_FALSE(id.empty());
  const int orders =
      Count("SELECT count(*) FROM orders WHERE warning_id = '" + id + "'");
  ASSERT_GT(orders, kSchools);

  // Receive and receipt; kill node 1 (the server's) a tenth of the way in.
  std::set<std::string> seen;
  bool killed = false;
  const auto deadline = std::chrono::steady_clock::now() + 300s;
  while (static_cast<int>(seen.size()) < orders &&
         std::chrono::steady_clock::now() < deadline) {
    auto message = watcher.Next(1s);
    if (!message || message->payload["type"] != "order") continue;
    const std::string order = message->payload["id"];
    if (seen.insert(order).second) {
      watcher.Publish(
          "hg/orgs/" + message->payload["org"].get<std::string>() + "/receipts",
          json({{"order_ids", json::array({order})}}).dump());
    }
    if (!killed && static_cast<int>(seen.size()) >= orders / 10) {
      // (rabbitmqctl may answer nothing once on a loaded machine.)
      ASSERT_TRUE(testing::Eventually(
          [&] { return ClientsOn(1).find("hazegate-gw") != std::string::npos; },
          30s))
          << "the server publishes through node 1, the first of its list: "
          << ClientsOn(1) << " | " << ClientsOn(2) << " | " << ClientsOn(3);
      ASSERT_EQ(KillNode(1), 0);
      killed = true;
    }
  }
  EXPECT_TRUE(killed);
  EXPECT_TRUE(testing::Eventually([&] {
    return ClientsOn(2).find("hazegate-gw") != std::string::npos ||
           ClientsOn(3).find("hazegate-gw") != std::string::npos;
  })) << "the server failed over to a surviving node";
  EXPECT_EQ(static_cast<int>(seen.size()), orders) << "counted at the device";
  ASSERT_TRUE(testing::Eventually(
      [&] {
        return Count("SELECT count(*) FROM orders WHERE warning_id = '" + id +
                     "' AND received_at IS NULL") == 0;
      },
      120s))
      << "every order received";
  bool own = false;
  for (auto m = phone.Next(5s); m && !own; m = phone.Next(5s)) {
    own = m->payload["org"] == "school-0";
  }
  EXPECT_TRUE(own) << "the phone on node 2 got its order";
  bool own_over_ws = false;
  for (auto m = ws_phone.Next(5s); m && !own_over_ws; m = ws_phone.Next(5s)) {
    own_over_ws = m->payload["org"] == "school-0";
  }
  EXPECT_TRUE(own_over_ws) << "the WebSocket phone on node 3 got its order";

  // Another org's topic: refused by each surviving node (a second phone of
  // the school, so that the first keeps its session).
  const json other = NewDevice("p2")["mqtt"];
  ASSERT_FALSE(other.is_null());
  for (int n : {2, 3}) {
    testing::TestClient nosy(env_["NODE" + std::to_string(n) + "_MQTT"],
                             other["username"], true, other["username"],
                             other["password"]);
    nosy.Connect();
    bool refused = false;
    try {
      nosy.Subscribe("hg/orgs/school-1/orders");
      refused = !nosy.Connected();
    } catch (const std::exception&) {
      refused = true;
    }
    EXPECT_TRUE(refused) << "node " << n;
  }
  // The device deleted over HTTP: its live session is closed and every node
  // refuses it, within 2 s.
  ASSERT_TRUE(phone.Connected());
  const std::string device_id = created["id"];
  ASSERT_EQ(Call("DELETE", "/api/v1/devices/" + device_id, "school")->status,
            204);
  EXPECT_TRUE(testing::Eventually([&] { return !phone.Connected(); }, 2s))
      << "the phone's live session closed";
  for (int n : {2, 3}) {
    EXPECT_TRUE(testing::Eventually(
        [&] {
          return testing::MqttLoginCode(MqttPort(n), user, user,
                                        device["password"]) != 0;
        },
        2s))
        << "node " << n;
  }
}

// Sessions as classic queues mirrored to every node (cluster.sh's QUEUES =
// mirrored), which 3.10's web_mqtt serves, unlike quorum queues: the field
// app's persistent session over WebSocket keeps the order that came while
// it was away, even when the node that held the session is lost.
class ClusterMirrored : public Cluster {
 protected:
  ClusterMirrored() : Cluster("mirrored", 10) {}
};

TEST_F(ClusterMirrored, APersistentWebSocketSessionOutlivesItsNode) {
  const json device = NewDevice("ws")["mqtt"];
  ASSERT_FALSE(device.is_null());
  const std::string user = device["username"];
  {
    testing::TestClient away(env_["NODE3_WS"], user, false, user,
                             device["password"]);
    away.Connect();
    away.Subscribe("hg/orgs/school-0/orders");
    away.Disconnect();
  }
  const std::string id = IssueYellow();
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(testing::Eventually(
      [&] {
        return Count("SELECT count(*) FROM orders WHERE warning_id = '" + id +
                     "' AND org = 'school-0' AND delivered_at IS NOT NULL") > 0;
      },
      30s))
      << "the broker took school-0's order";
  // Node 3 held the session; the phone comes back through the front door,
  // which passes it to a node that is up.
  ASSERT_EQ(KillNode(3), 0);
  ASSERT_EQ(device["ws_uri"], env_["DOOR_WSS"]);
  testing::TestClient back(device["ws_uri"], user, false, user,
                           device["password"], env_["DOOR_CA"]);
  ASSERT_TRUE(testing::Eventually(
      [&] {
        try {
          back.Connect();
          return true;
        } catch (const std::exception&) {
          return false;
        }
      },
      30s));
  bool own = false;
  for (auto m = back.Next(10s); m && !own; m = back.Next(10s)) {
    own = m->payload["org"] == "school-0" && m->payload["warning_id"] == id;
  }
  EXPECT_TRUE(own) << "the order that came while the phone was away";
}

}  // namespace
}  // namespace hazegate
