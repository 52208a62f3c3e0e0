// Per-org broker credentials and ACLs, enforced by a real Mosquitto that
// runs with the files `hazegate mqtt config` writes.
#include <gtest/gtest.h>

#include <fstream>

#include "hazegate/notifier/mqtt_identity.h"
#include "mqtt_support.h"

namespace hazegate {
namespace {

using namespace std::chrono_literals;
using testing::TestClient;

class BrokerIdentity : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::StoreWithPlan(dir_, clock_);
    ent_password_ = Issue("ent-1");
    school_password_ = Issue("sch-1");
    WriteFiles();
    broker_ = std::make_unique<testing::Mosquitto>(
        dir_,
        "allow_anonymous false\nuse_username_as_clientid true\n"
        "password_file " +
            dir_.File("passwd") + "\nacl_file " + dir_.File("acl") + "\n");
    broker_->Start();
  }

  std::string Issue(const std::string& org) {
    auto password = IssueMqttPassword(*store_, clock_, org, "test");
    EXPECT_TRUE(password.ok());
    return password.value();
  }

  void WriteFiles() {
    auto files = BuildMosquittoFiles(*store_, "hg", "hazegate", kGatewayPw);
    ASSERT_TRUE(files.ok());
    std::ofstream(dir_.File("passwd")) << files.value().passwd;
    std::ofstream(dir_.File("acl")) << files.value().acl;
  }

  std::unique_ptr<TestClient> Connected(const std::string& id,
                                        const std::string& user,
                                        const std::string& password) {
    auto client =
        std::make_unique<TestClient>(broker_->uri(), id, true, user, password);
    client->Connect();
    return client;
  }

  static constexpr const char* kGatewayPw = "gateway-secret-1";
  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<Store> store_;
  std::string ent_password_, school_password_;
  std::unique_ptr<testing::Mosquitto> broker_;
};

TEST_F(BrokerIdentity, OrgsReadOnlyTheirOwnOrders) {
  auto ent = Connected("ent-1", "ent-1", ent_password_);
  ent->Subscribe("hg/orgs/ent-1/orders");
  try {
    ent->Subscribe("hg/orgs/sch-1/orders");  // refused or never delivered
  } catch (const mqtt::exception&) {
  }
  auto gateway = Connected("hazegate", "hazegate", kGatewayPw);
  gateway->Publish("hg/orgs/sch-1/orders", R"({"type":"order","id":"s"})");
  gateway->Publish("hg/orgs/ent-1/orders", R"({"type":"order","id":"e"})");
  auto first = ent->Next(2s);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->payload["id"], "e");
  EXPECT_FALSE(ent->Next(500ms)) << "ent-1 received another org's order";
}

// Issue 11.4: ent-1, with its own password and client id "sch-1", took over
// the school's persistent session and the school's order never reached it.
// The broker now takes every client's id from its username.
TEST_F(BrokerIdentity, AnotherOrgCannotTakeOverASession) {
  auto school = std::make_unique<TestClient>(broker_->uri(), "sch-1", false,
                                             "sch-1", school_password_);
  school->Connect();
  school->Subscribe("hg/orgs/sch-1/orders");
  auto intruder = Connected("sch-1", "ent-1", ent_password_);
  auto gateway = Connected("hazegate", "hazegate", kGatewayPw);
  gateway->Publish("hg/orgs/sch-1/orders", R"({"type":"order","id":"s-1"})");
  auto received = school->Next(3s);
  ASSERT_TRUE(received) << "the school's session was taken over";
  EXPECT_EQ(received->payload["id"], "s-1");
}

TEST_F(BrokerIdentity, OrgsWriteOnlyTheirOwnAcks) {
  auto gateway = Connected("hazegate", "hazegate", kGatewayPw);
  gateway->Subscribe("hg/orgs/+/acks");
  auto ent = Connected("ent-1", "ent-1", ent_password_);
  ent->Publish("hg/orgs/sch-1/acks", R"({"order_id":"forged"})");
  ent->Publish("hg/orgs/ent-1/acks", R"({"order_id":"own"})");
  auto received = gateway->Next(2s);
  ASSERT_TRUE(received);
  EXPECT_EQ(received->topic, "hg/orgs/ent-1/acks");
  EXPECT_FALSE(gateway->Next(500ms)) << "a forged ack got through";
}

TEST_F(BrokerIdentity, WrongPasswordAndAnonymousAreRefused) {
  EXPECT_THROW(Connected("ent-1", "ent-1", "not-the-password"),
               mqtt::exception);
  EXPECT_THROW(Connected("anonymous", "", ""), mqtt::exception);
  EXPECT_THROW(Connected("x", "sch-1", ent_password_), mqtt::exception);
}

TEST_F(BrokerIdentity, RotationReplacesThePassword) {
  const std::string rotated = Issue("ent-1");
  ASSERT_NE(rotated, ent_password_);
  WriteFiles();
  broker_->Reload();
  EXPECT_THROW(Connected("ent-1", "ent-1", ent_password_), mqtt::exception);
  EXPECT_NO_THROW(Connected("ent-1", "ent-1", rotated));
  EXPECT_NO_THROW(Connected("sch-1", "sch-1", school_password_));
}

TEST(MqttIdentity, UnknownOrgNamesTheField) {
  testing::TempDir dir;
  testing::FakeClock clock;
  auto store = testing::StoreWithPlan(dir, clock);
  auto password = IssueMqttPassword(*store, clock, "nobody", "test");
  ASSERT_FALSE(password.ok());
  EXPECT_EQ(password.error().fields.at(0).field, "org");
}

}  // namespace
}  // namespace hazegate
