// The gateway's broker link over TLS, verified against the configured CA.
#include <gtest/gtest.h>

#include <atomic>

#include "hazegate/notifier/broker_client.h"
#include "mqtt_support.h"

namespace hazegate {
namespace {

using namespace std::chrono_literals;

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

}  // namespace
}  // namespace hazegate
