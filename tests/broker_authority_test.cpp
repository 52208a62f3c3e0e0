// The clustered broker's questions answered from the store (contract v3 §6):
// the same accounts and rights as the Mosquitto files. The real RabbitMQ
// asking them: Cluster.ANodeLostMidFanOut….
#include "hazegate/mqtt/broker_authority.h"

#include <gtest/gtest.h>

#include "hazegate/mqtt/mqtt_identity.h"
#include "support.h"

namespace hazegate {
namespace {

class BrokerAuthorityTest : public ::testing::Test {
 protected:
  BrokerAuthorityTest()
      : store_(testing::StoreWithPlan(dir_, clock_)),
        authority_(*store_, {"hg", "gw", "gw-secret"}) {
    auto issued = IssueMqttPassword(*store_, clock_, "sch-1", "test");
    EXPECT_TRUE(issued.ok());
    password_ = issued.value();
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<Store> store_;
  BrokerAuthority authority_;
  std::string password_;
};

TEST_F(BrokerAuthorityTest, AnAccountLogsInWithItsPasswordOnly) {
  EXPECT_TRUE(authority_.Authenticate("sch-1", password_));
  EXPECT_FALSE(authority_.Authenticate("sch-1", password_ + "x"));
  EXPECT_FALSE(authority_.Authenticate("ent-1", password_)) << "no account";
  EXPECT_TRUE(authority_.Authenticate("gw", "gw-secret"));
  EXPECT_FALSE(authority_.Authenticate("gw", "gw-secreT"));
  EXPECT_TRUE(authority_.Known("sch-1"));
  EXPECT_FALSE(authority_.Known("ent-1"));
  EXPECT_TRUE(MatchesMosquittoHash("pw", MosquittoPasswordHash("pw")));
  EXPECT_FALSE(MatchesMosquittoHash("pw", "$6$1$abc$def"));
  EXPECT_FALSE(MatchesMosquittoHash("pw", "garbage"));
}

TEST_F(BrokerAuthorityTest, AnAccountHasItsOrgsRightsAndNoMore) {
  const auto read = [&](const std::string& key) {
    return authority_.MayUseTopic("sch-1", key, false);
  };
  const auto write = [&](const std::string& key) {
    return authority_.MayUseTopic("sch-1", key, true);
  };
  EXPECT_TRUE(read("hg.orgs.sch-1.orders"));
  EXPECT_TRUE(read("hg.areas.652301.warning"));
  EXPECT_TRUE(read("hg.areas.*.warning"));
  EXPECT_FALSE(read("hg.areas.#"));
  EXPECT_FALSE(read("hg.orgs.ent-1.orders"));
  EXPECT_FALSE(read("hg.orgs.*.orders"));
  EXPECT_FALSE(read("hg.#"));
  EXPECT_TRUE(write("hg.orgs.sch-1.acks"));
  EXPECT_TRUE(write("hg.orgs.sch-1.receipts"));
  EXPECT_TRUE(write("hg.devices.sch-1.seen"));
  EXPECT_FALSE(write("hg.orgs.sch-1.orders"));
  EXPECT_FALSE(write("hg.orgs.ent-1.acks"));
  EXPECT_FALSE(write("hg.areas.652301.warning"));
  EXPECT_TRUE(authority_.MayUseResource(
      "sch-1", "queue", "mqtt-subscription-sch-1qos1", "configure"));
  EXPECT_FALSE(authority_.MayUseResource(
      "sch-1", "queue", "mqtt-subscription-otherqos1", "configure"))
      << "its client id must be its username";
  EXPECT_TRUE(
      authority_.MayUseResource("sch-1", "exchange", "amq.topic", "write"));
  EXPECT_FALSE(
      authority_.MayUseResource("sch-1", "exchange", "amq.topic", "configure"));
  EXPECT_FALSE(
      authority_.MayUseResource("ent-1", "exchange", "amq.topic", "read"));
  EXPECT_TRUE(authority_.MayUseTopic("gw", "hg.orgs.sch-1.orders", true));
  EXPECT_FALSE(authority_.MayUseTopic("gw", "other.orgs.x", true));
}

// The one list of rights serves the Mosquitto ACL file (CliTest) and the
// cluster's questions: a filter covers a topic or a narrower filter only.
TEST(TopicRights, AFilterCoversOnlyWhatItNames) {
  EXPECT_TRUE(FilterCovers("hg/areas/+/warning", "hg/areas/652301/warning"));
  EXPECT_TRUE(FilterCovers("hg/areas/+/warning", "hg/areas/+/warning"));
  EXPECT_FALSE(FilterCovers("hg/areas/+/warning", "hg/areas//warning"));
  EXPECT_FALSE(FilterCovers("hg/areas/+/warning", "hg/areas/#"));
  EXPECT_FALSE(FilterCovers("hg/orgs/a/orders", "hg/orgs/+/orders"));
  EXPECT_TRUE(FilterCovers("hg/#", "hg/orgs/a/orders"));
  EXPECT_TRUE(FilterCovers("hg/#", "hg/#"));
  EXPECT_FALSE(FilterCovers("hg/#", "hg"));
  EXPECT_FALSE(FilterCovers("hg/#", "other/x"));
  EXPECT_EQ(AccountRights("hg", "o", "dev-1").size(), 5u);
}

}  // namespace
}  // namespace hazegate
