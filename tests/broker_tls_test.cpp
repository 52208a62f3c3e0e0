// The gateway's broker link over TLS, verified against the configured CA.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <set>

#include "hazegate/mqtt/broker_accounts.h"
#include "hazegate/mqtt/broker_client.h"
#include "hazegate/mqtt/devices.h"
#include "mqtt_support.h"

namespace hazegate {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class BrokerTls : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(testing::MakeDevCerts(dir_.path() / "tls"));
    ASSERT_TRUE(testing::MakeDevCerts(other_.path() / "tls"));
    broker_ = std::make_unique<testing::Mosquitto>(
        dir_, "allow_anonymous true\ncertfile " + dir_.File("tls/server.crt") +
                  "\nkeyfile " + dir_.File("tls/server.key") + "\n");
    broker_->Start();
    ssl_uri_ = "ssl" + broker_->uri().substr(3);  // tcp://… -> ssl://…
  }

  // True if a client trusting `ca_file` gets connected within 3 s.
  bool Connects(const std::string& ca_file) {
    auto link = MakePahoBrokerClient({ssl_uri_, "tls-test", "", "", ca_file});
    link->Start({});
    const bool connected =
        testing::Eventually([&] { return link->Connected(); }, 3s);
    link->Stop();
    return connected;
  }

  testing::TempDir dir_, other_;
  std::unique_ptr<testing::Mosquitto> broker_;
  std::string ssl_uri_;
};

TEST_F(BrokerTls, ConnectsWhenTheBrokerIsSignedByTheConfiguredCa) {
  EXPECT_TRUE(Connects(dir_.File("tls/ca.crt")));
}

TEST_F(BrokerTls, RefusesABrokerItCannotVerify) {
  EXPECT_FALSE(Connects(other_.File("tls/ca.crt")));
}

// The broker exactly as run.sh starts it (scripts/broker-config.sh): it
// opens its two listeners and no other (a listener option written before the
// first listener once made Mosquitto open a default one on 1883, and run.sh
// failed to start), takes accounts from the files the server keeps, and
// takes every client's id from its username on the apps' TLS listener.
TEST(ShippedBroker, ListensOnItsTwoPortsWithTheServersAccounts) {
  testing::TempDir var;
  ASSERT_TRUE(testing::MakeDevCerts(var.path() / "tls"));
  const int mqtt_port = testing::FreePort();
  const int mqtts_port = testing::FreePort();
  ASSERT_EQ(
      std::system(("'" + std::string(HAZEGATE_SOURCE_DIR) +
                   "/scripts/broker-config.sh' '" + var.path().string() + "' " +
                   std::to_string(mqtt_port) + " " + std::to_string(mqtts_port))
                      .c_str()),
      0);
  testing::FakeClock clock;
  auto store = testing::StoreWithPlan(var, clock);
  DeviceService devices(*store, clock, "ssl://127.0.0.1", "hazegate");
  auto device = devices.Create({"u", "sch-1"}, "手机");
  ASSERT_TRUE(device.ok());
  BrokerAccountsSync sync(*store, {var.File("mosquitto"),
                                   "",
                                   "hg",
                                   "hazegate",
                                   "gw-secret-12",
                                   std::chrono::milliseconds(250),
                                   {}});
  ASSERT_TRUE(sync.SyncIfChanged().ok());
  testing::Mosquitto broker(var.File("mosquitto/mosquitto.conf"), mqtt_port,
                            var.File("broker.log"));
  broker.Start();
  const MqttLogin& mqtt = device.value().mqtt;
  EXPECT_EQ(testing::MqttLoginCode(mqtt_port, mqtt.username, mqtt.username,
                                   mqtt.password),
            0);
  EXPECT_EQ(testing::MqttLoginCode(mqtt_port, "x", mqtt.username, "wrong"), 5);
  // Over TLS, asking for another client id: accepted as its own username.
  auto phone = MakePahoBrokerClient(
      {"ssl://127.0.0.1:" + std::to_string(mqtts_port), "someone-else",
       mqtt.username, mqtt.password, var.File("tls/ca.crt")});
  phone->Start({});
  EXPECT_TRUE(testing::Eventually([&] { return phone->Connected(); }, 5s));
  ASSERT_TRUE(testing::Eventually([&] {
    return testing::ReadFile(var.File("broker.log"))
               .find("as " + mqtt.username) != std::string::npos;
  })) << testing::ReadFile(var.File("broker.log"));
  phone->Stop();
  std::set<std::string> opened;
  const std::string log = testing::ReadFile(var.File("broker.log"));
  for (size_t at = log.find("listen socket on port "); at != std::string::npos;
       at = log.find("listen socket on port ", at + 1)) {
    opened.insert(log.substr(at + 22, log.find('.', at + 22) - at - 22));
  }
  EXPECT_EQ(opened, (std::set<std::string>{std::to_string(mqtt_port),
                                           std::to_string(mqtts_port)}))
      << log;
}

}  // namespace
}  // namespace hazegate
