// Broker accounts (org-wide credentials and devices) and their ACLs,
// enforced by a real Mosquitto that runs with the files the server keeps.
#include <gtest/gtest.h>

#include <iostream>
#include <optional>
#include <set>

#include "hazegate/mqtt/broker_accounts.h"
#include "hazegate/mqtt/devices.h"
#include "hazegate/mqtt/mqtt_identity.h"
#include "mqtt_support.h"

namespace hazegate {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::TestClient;

// The broker as run.sh runs it: password and ACL files that the server's
// BrokerAccountsSync keeps in step with the database, SIGHUP to reload.
class BrokerIdentity : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::StoreWithPlan(dir_, clock_);
    ent_password_ = Issue("ent-1");
    school_password_ = Issue("sch-1");
    devices_ = std::make_unique<DeviceService>(
        *store_, clock_, "tcp://127.0.0.1:1883", "hazegate");
    broker_ = std::make_unique<testing::Mosquitto>(
        dir_,
        "allow_anonymous false\nuse_username_as_clientid true\n"
        "password_file " +
            dir_.File("passwd") + "\nacl_file " + dir_.File("acl") +
            "\npid_file " + PidFile() + "\n");
    sync_ = std::make_unique<BrokerAccountsSync>(
        *store_, BrokerAccountsOptions{dir_.path().string(),
                                       PidFile(),
                                       "hg",
                                       "hazegate",
                                       kGatewayPw,
                                       50ms,
                                       {broker_->uri(), "", "", "", ""}});
    // The first files, before the broker (and its pid file) exists.
    (void)sync_->SyncIfChanged();
    broker_->Start();
    sync_->Start();
  }

  std::string PidFile() const { return dir_.File("mosquitto.pid"); }

  std::string Issue(const std::string& org) {
    auto password = IssueMqttPassword(*store_, clock_, org, "test");
    EXPECT_TRUE(password.ok());
    return password.value();
  }

  std::unique_ptr<TestClient> Connected(const std::string& id,
                                        const std::string& user,
                                        const std::string& password,
                                        bool clean_session = true) {
    auto client = std::make_unique<TestClient>(broker_->uri(), id,
                                               clean_session, user, password);
    client->Connect();
    return client;
  }

  // After a change of accounts: until `user` can log in (or not) with
  // `password`, polled with raw CONNECTs. The time taken, or nullopt.
  std::optional<std::chrono::milliseconds> UntilLogin(
      const std::string& user, const std::string& password, bool accepted) {
    const auto start = std::chrono::steady_clock::now();
    if (!testing::Eventually([&] {
          const int code =
              testing::MqttLoginCode(broker_->port(), user, user, password);
          return accepted ? code == 0 : code > 0;
        })) {
      return std::nullopt;
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
  }

  static constexpr const char* kGatewayPw = "gateway-secret-1";
  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<Store> store_;
  std::string ent_password_, school_password_;
  std::unique_ptr<BrokerAccountsSync> sync_;
  std::unique_ptr<testing::Mosquitto> broker_;
  std::unique_ptr<DeviceService> devices_;
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

// Issue 19.11: a device created by POST /devices was refused (CONNACK 5)
// for about 1.2 s. WaitUntilLive, which the 201 waits on, returns once the
// broker accepts it: the very next login works.
TEST_F(BrokerIdentity, ADeviceIsLiveOnceWaitUntilLiveReturns) {
  for (int i = 0; i < 3; ++i) {
    auto device = devices_->Create({"principal", "sch-1"}, "手机");
    ASSERT_TRUE(device.ok());
    const MqttLogin& mqtt = device.value().mqtt;
    ASSERT_TRUE(sync_->WaitUntilLive(mqtt.username, mqtt.password,
                                     std::chrono::seconds(5)));
    EXPECT_EQ(testing::MqttLoginCode(broker_->port(), mqtt.username,
                                     mqtt.username, mqtt.password),
              0);
  }
  EXPECT_FALSE(sync_->WaitUntilLive("dev-none", "wrong-password", 300ms));
}

TEST_F(BrokerIdentity, RotationReplacesThePassword) {
  const std::string rotated = Issue("ent-1");
  ASSERT_NE(rotated, ent_password_);
  ASSERT_TRUE(UntilLogin("ent-1", ent_password_, false));
  EXPECT_NO_THROW(Connected("ent-1", "ent-1", rotated));
  EXPECT_NO_THROW(Connected("sch-1", "sch-1", school_password_));
}

// Issue 11.4: each device its own account with its org's rights; two devices
// of one org both get the org's orders, a receipt from either reaches the
// server, and a device writes nowhere else.
TEST_F(BrokerIdentity, EachDeviceHasItsOrgsRights) {
  auto first = devices_->Create({"principal", "sch-1"}, "校长手机");
  auto second = devices_->Create({"principal", "sch-1"}, "值班电脑");
  ASSERT_TRUE(first.ok() && second.ok());
  std::vector<std::unique_ptr<TestClient>> phones;
  for (const Device& device : {first.value(), second.value()}) {
    const MqttLogin& mqtt = device.mqtt;
    EXPECT_EQ(mqtt.client_id, mqtt.username);
    const auto took = UntilLogin(mqtt.username, mqtt.password, true);
    ASSERT_TRUE(took) << "the device could not log in within 5 s";
    std::cout << "a new device could log in after " << took->count() << " ms\n";
    phones.push_back(
        Connected(mqtt.client_id, mqtt.username, mqtt.password, false));
    phones.back()->Subscribe("hg/orgs/sch-1/orders");
  }
  try {
    phones[0]->Subscribe("hg/orgs/ent-1/orders");  // refused or never sent
  } catch (const mqtt::exception&) {
  }
  auto gateway = Connected("hazegate", "hazegate", kGatewayPw);
  gateway->Subscribe("hg/orgs/+/receipts");
  gateway->Subscribe("hg/orgs/+/acks");
  gateway->Publish("hg/orgs/ent-1/orders", R"({"type":"order","id":"e-1"})");
  gateway->Publish("hg/orgs/sch-1/orders", R"({"type":"order","id":"s-1"})");
  for (auto& phone : phones) {
    auto order = phone->Next(3s);
    ASSERT_TRUE(order);
    EXPECT_EQ(order->payload["id"], "s-1") << "a device read another's order";
  }
  phones[1]->Publish("hg/orgs/ent-1/receipts", R"({"order_ids":["forged"]})");
  phones[0]->Publish("hg/orgs/ent-1/acks", R"({"order_id":"forged"})");
  phones[1]->Publish("hg/orgs/sch-1/receipts", R"({"order_ids":["s-1"]})");
  phones[0]->Publish("hg/orgs/sch-1/acks", R"({"order_id":"s-1"})");
  std::set<std::string> topics;
  for (const auto& message : gateway->Collect(3, 2s)) {
    topics.insert(message.topic);
  }
  EXPECT_EQ(topics, (std::set<std::string>{"hg/orgs/sch-1/receipts",
                                           "hg/orgs/sch-1/acks"}))
      << "a forged receipt or ack got through";
}

// Issue 25: a device says it is here on P/devices/{its username}/seen and
// nowhere else (it cannot make another device look alive); what the server
// records is what the devices page shows.
TEST_F(BrokerIdentity, ADeviceCanSayOnlyThatItselfIsHere) {
  auto own = devices_->Create({"principal", "sch-1"}, "校长手机");
  auto other = devices_->Create({"principal", "sch-1"}, "丢在抽屉里的手机");
  ASSERT_TRUE(own.ok() && other.ok());
  const MqttLogin& mqtt = own.value().mqtt;
  ASSERT_TRUE(UntilLogin(mqtt.username, mqtt.password, true));
  auto phone = Connected(mqtt.client_id, mqtt.username, mqtt.password);
  auto gateway = Connected("hazegate", "hazegate", kGatewayPw);
  gateway->Subscribe("hg/devices/+/seen");
  phone->Publish("hg/devices/" + other.value().mqtt.username + "/seen", "{}");
  phone->Publish("hg/devices/" + mqtt.username + "/seen", "{}");
  const auto got = gateway->Collect(2, 2s);
  ASSERT_EQ(got.size(), 1u) << "a device spoke for another";
  EXPECT_EQ(got[0].topic, "hg/devices/" + mqtt.username + "/seen");

  const TimePoint at = clock_.Now();
  ASSERT_TRUE(RecordDevicesSeen(*store_, {{mqtt.username, at}}).ok());
  ASSERT_TRUE(RecordDevicesSeen(*store_, {{mqtt.username, at - 1h}}).ok());
  auto listed = devices_->List("sch-1", {100, ""});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed.value().size(), 2u);
  for (const Device& device : listed.value()) {
    if (device.id == own.value().id) {
      EXPECT_EQ(device.last_seen_at, at) << "an older sighting won";
    } else {
      EXPECT_FALSE(device.last_seen_at);
    }
  }
}

// Issue 11.4: a deleted device is refused from then on and its live
// connection dropped promptly (the time is printed), without disturbing
// anyone else.
TEST_F(BrokerIdentity, DeletedDeviceIsDroppedAndRefused) {
  auto kept = devices_->Create({"principal", "sch-1"}, "留下");
  auto lost = devices_->Create({"principal", "sch-1"}, "丢失的手机");
  ASSERT_TRUE(kept.ok() && lost.ok());
  const MqttLogin& keep = kept.value().mqtt;
  const MqttLogin& gone = lost.value().mqtt;
  ASSERT_TRUE(UntilLogin(gone.username, gone.password, true));
  auto stolen = Connected(gone.username, gone.username, gone.password);
  auto other = Connected(keep.username, keep.username, keep.password);
  auto ent = Connected("ent-1", "ent-1", ent_password_);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(devices_->Delete({"principal", "sch-1"}, lost.value().id).ok());
  ASSERT_TRUE(testing::Eventually([&] { return !stolen->Connected(); }));
  const auto dropped = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  std::cout << "deleted device dropped after " << dropped.count() << " ms\n";
  EXPECT_EQ(testing::MqttLoginCode(broker_->port(), gone.username,
                                   gone.username, gone.password),
            5)
      << "not authorized";
  EXPECT_TRUE(other->Connected());
  EXPECT_TRUE(ent->Connected());
  EXPECT_FALSE(devices_->Delete({"principal", "sch-1"}, lost.value().id).ok())
      << "deleted twice";
}

// Issue 11.4: a device naming another device's client id gets its own
// session (the broker uses the username), never the other's.
TEST_F(BrokerIdentity, ADeviceCannotTakeAnotherDevicesSession) {
  auto victim = devices_->Create({"u", "sch-1"}, "a");
  auto intruder = devices_->Create({"u", "ent-1"}, "b");
  ASSERT_TRUE(victim.ok() && intruder.ok());
  const MqttLogin& v = victim.value().mqtt;
  const MqttLogin& i = intruder.value().mqtt;
  ASSERT_TRUE(UntilLogin(v.username, v.password, true));
  ASSERT_TRUE(UntilLogin(i.username, i.password, true));
  auto phone = Connected(v.client_id, v.username, v.password, false);
  phone->Subscribe("hg/orgs/sch-1/orders");
  auto taker = Connected(v.client_id, i.username, i.password, false);
  auto gateway = Connected("hazegate", "hazegate", kGatewayPw);
  gateway->Publish("hg/orgs/sch-1/orders", R"({"type":"order","id":"s-2"})");
  auto received = phone->Next(3s);
  ASSERT_TRUE(received) << "the device's session was taken over";
  EXPECT_EQ(received->payload["id"], "s-2");
  EXPECT_TRUE(phone->Connected());
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
