// One endpoint for a region's broker (docs/operations.md, "A region"): the
// questions go to the prefecture whose account it is, and only there. The
// gateways here are fakes that answer as broker_authority.h does; the real
// ones behind the real command: CliRegionalAuth.*.
#include "hazegate/mqtt/regional_authority.h"

#include <gtest/gtest.h>

namespace hazegate {
namespace {

struct Asked {
  std::string gateway, path;
};

// Prefecture "a" has sch-1 (password pa) under prefix a/, "b" dev-b (pb)
// under b/; "down" never answers.
class RegionalAuthorityTest : public ::testing::Test {
 protected:
  std::optional<std::string> Ask(const std::string& gateway,
                                 const std::string& path,
                                 const BrokerQuestion& q) {
    asked_.push_back({gateway, path});
    if (gateway == "down" || gateway == down_) return std::nullopt;
    const std::string user = q.at("username");
    const bool own = (gateway == "a" && user == "sch-1") ||
                     (gateway == "b" && user == "dev-b");
    if (path.ends_with("/user")) {
      const std::string password = gateway == "a" ? "pa" : "pb";
      return own && q.at("password") == password ? "allow" : "deny";
    }
    if (path.ends_with("/topic")) {
      return own && q.at("routing_key").starts_with(gateway + ".") ? "allow"
                                                                   : "deny";
    }
    return own ? "allow" : "deny";
  }

  RegionalAuthority Authority(std::vector<std::string> gateways) {
    return RegionalAuthority(
        std::move(gateways),
        [this](const std::string& g, const std::string& p,
               const BrokerQuestion& q) { return Ask(g, p, q); });
  }

  static BrokerQuestion Topic(const std::string& user, const std::string& key) {
    return {{"username", user},      {"vhost", "/"},
            {"resource", "topic"},   {"name", "amq.topic"},
            {"permission", "write"}, {"routing_key", key}};
  }

  std::vector<Asked> asked_;
  std::string down_;  // a gateway gone down
};

TEST_F(RegionalAuthorityTest, AnAccountLogsInAtItsOwnPrefectureOnly) {
  auto authority = Authority({"down", "a", "b"});
  EXPECT_EQ(
      authority.Answer("user", {{"username", "dev-b"}, {"password", "pb"}}),
      "allow");
  EXPECT_EQ(
      authority.Answer("user", {{"username", "dev-b"}, {"password", "pa"}}),
      "deny");
  EXPECT_EQ(
      authority.Answer("user", {{"username", "nobody"}, {"password", "pa"}}),
      "deny");
  EXPECT_EQ(
      authority.Answer("user", {{"username", "sch-1"}, {"password", "pa"}}),
      "allow");
  for (const Asked& a : asked_) {
    EXPECT_TRUE(a.path.ends_with("/user")) << "a login asks only logins";
  }
}

TEST_F(RegionalAuthorityTest, LaterQuestionsGoToTheOwnerAlone) {
  auto authority = Authority({"a", "b"});
  ASSERT_EQ(
      authority.Answer("user", {{"username", "dev-b"}, {"password", "pb"}}),
      "allow");
  asked_.clear();
  EXPECT_EQ(authority.Answer("topic", Topic("dev-b", "b.orgs.x.acks")),
            "allow");
  EXPECT_EQ(authority.Answer("topic", Topic("dev-b", "a.orgs.x.acks")), "deny")
      << "another prefecture's prefix";
  EXPECT_EQ(authority.Answer("vhost", {{"username", "dev-b"}, {"vhost", "/"}}),
            "allow");
  ASSERT_EQ(asked_.size(), 3u);
  for (const Asked& a : asked_) EXPECT_EQ(a.gateway, "b") << a.path;
  // A repeated login asks the owner first: one question.
  asked_.clear();
  EXPECT_EQ(
      authority.Answer("user", {{"username", "dev-b"}, {"password", "pb"}}),
      "allow");
  EXPECT_EQ(asked_.size(), 1u);
}

TEST_F(RegionalAuthorityTest, AnOwnerNotYetKnownIsFoundByName) {
  // As after a restart of the endpoint: the broker's cached login, then a
  // topic question.
  auto authority = Authority({"a", "b"});
  EXPECT_EQ(authority.Answer("topic", Topic("sch-1", "a.orgs.sch-1.acks")),
            "allow");
  EXPECT_EQ(authority.Answer("topic", Topic("nobody", "a.orgs.x.acks")),
            "deny");
  EXPECT_EQ(authority.Answer("resource", {{"username", ""}}), "deny");
  EXPECT_EQ(authority.Answer("other", {{"username", "sch-1"}}), "deny");
}

TEST_F(RegionalAuthorityTest, AnOwnerThatDoesNotAnswerMeansDeny) {
  auto authority = Authority({"a", "b"});
  ASSERT_EQ(
      authority.Answer("user", {{"username", "sch-1"}, {"password", "pa"}}),
      "allow");
  down_ = "a";
  asked_.clear();
  EXPECT_EQ(authority.Answer("topic", Topic("sch-1", "a.orgs.sch-1.acks")),
            "deny");
  ASSERT_EQ(asked_.size(), 1u) << "no other prefecture is asked";
  EXPECT_EQ(asked_[0].gateway, "a");
}

}  // namespace
}  // namespace hazegate
