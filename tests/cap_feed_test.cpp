// The public CAP feed (issue 22): the Atom feed parsed, every CAP message
// validated with xmllint against the OASIS schema, and a test per rule of
// what aggregators require (Google Public Alerts' list): scope Public, the
// plan's real sender and senderName, expires always (an open-ended warning
// renewed by an Update), web and contact, the level as a parameter, an
// event under 35 characters, urgency/severity/certainty never Unknown, a
// circle beside the geocodes per area, entries with id = identifier,
// updated = sent and the CAP as the alternate link, Cancel entries kept 30
// days, and never a drill, a proposal or a rejected warning.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "hazegate/config/plan.h"
#include "hazegate/core/utf8.h"
#include "hazegate/warnings/warnings.h"
#include "json_adapters.h"
#include "support.h"

namespace hazegate {
namespace {

using nlohmann::json;

class CapFeedTest : public ::testing::Test {
 protected:
  CapFeedTest()
      : store_(testing::StoreWithPlan(dir_, clock_)),
        service_(*store_, clock_, nullptr) {
    json plan = testing::SmallPlan();
    plan["public_info"] = {
        {"identifier_prefix", "urn:hazegate:652300:"},
        {"sender", "hbj@changji.gov.cn"},
        {"sender_name", "昌吉回族自治州重污染天气应急指挥部办公室"},
        {"feed_title", "昌吉州重污染天气预警"},
        {"web", "https://www.changji.gov.cn/public/"},
        {"contact", "值班电话 0994-12369"},
        {"expires_h", 24},
        {"circles",
         {{"652301", {{"lat", 44.01}, {"lon", 87.27}, {"radius_km", 40}}},
          {"652302", {{"lat", 44.16}, {"lon", 87.99}, {"radius_km", 45}}}}}};
    EXPECT_TRUE(LoadPlan(*store_, plan, "test", clock_).ok());
  }

  json Issue(const std::string& level, json extra = json::object()) {
    json body = {{"level", level},
                 {"areas", {"652301", "652302"}},
                 {"starts_at", "2026-12-01T08:00:00+08:00"},
                 {"reason", "预计未来72小时AQI大于200"}};
    body.update(extra);
    auto created = warnings_.Create(body, {"duty", "office"});
    EXPECT_TRUE(created.ok());
    return created.value();
  }

  void Approve(const json& warning) {
    ASSERT_TRUE(warnings_.Approve(warning["id"], {"chief", "command"}).ok());
  }

  // The feed, after checking the Atom and every message.
  CapFeed Feed() {
    auto feed = service_.Feed();
    EXPECT_TRUE(feed.ok()) << (feed.ok() ? "" : feed.error().internal_text);
    const std::string atom = dir_.File("feed.atom");
    std::ofstream(atom) << feed.value().atom;
    EXPECT_EQ(Xmllint("--noout " + atom), 0) << feed.value().atom;
    EXPECT_EQ(XPath(atom,
                    "count(/*[local-name()='feed' and "
                    "namespace-uri()='http://www.w3.org/2005/Atom']/"
                    "*[local-name()='entry'])"),
              std::to_string(feed.value().messages.size()));
    for (const CapMessage& m : feed.value().messages) {
      const std::string path = dir_.File("m.xml");
      std::ofstream(path) << m.xml;
      EXPECT_EQ(Xmllint("--noout --schema " + std::string(HAZEGATE_SOURCE_DIR) +
                        "/tests/data/cap-v1.2.xsd " + path),
                0)
          << testing::ReadFile(dir_.File("xmllint.err")) << m.xml;
    }
    return feed.value();
  }

  int Xmllint(const std::string& args) {
    return std::system(
        ("xmllint " + args + " 2>" + dir_.File("xmllint.err")).c_str());
  }

  std::string XPath(const std::string& file, const std::string& expr) {
    const std::string out = dir_.File("xpath.out");
    std::system(("xmllint --xpath \"" + expr + "\" " + file + " >" + out +
                 " 2>/dev/null")
                    .c_str());
    std::string text = testing::ReadFile(out);
    while (!text.empty() && std::isspace(text.back())) text.pop_back();
    return text;
  }

  static std::string Between(const std::string& xml, const std::string& tag) {
    const size_t start = xml.find("<" + tag + ">");
    if (start == std::string::npos) return "";
    const size_t from = start + tag.size() + 2;
    return xml.substr(from, xml.find("</" + tag + ">", from) - from);
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<Store> store_;
  WarningService service_;
  testing::JsonWarnings warnings_{service_};
};

TEST_F(CapFeedTest, EntriesAreTheMessagesNewestFirst) {
  const json yellow = Issue("yellow", {{"areas", {"652301"}}});
  clock_.Advance(std::chrono::minutes(5));
  const json orange = Issue("orange", {{"areas", {"652302"}}});
  Approve(orange);
  const CapFeed feed = Feed();
  ASSERT_EQ(feed.messages.size(), 2u);
  EXPECT_EQ(feed.messages[0].identifier,
            "urn:hazegate:652300:" + orange["id"].get<std::string>());
  EXPECT_EQ(feed.messages[1].identifier,
            "urn:hazegate:652300:" + yellow["id"].get<std::string>());
  for (const CapMessage& m : feed.messages) {
    const std::string entry = "<id>" + m.identifier + "</id>\n    <title>" +
                              m.headline + "</title>\n    <updated>" +
                              FormatRfc3339(m.sent) + "</updated>";
    EXPECT_NE(feed.atom.find(entry), std::string::npos) << feed.atom;
    EXPECT_NE(feed.atom.find("<link rel=\"alternate\" "
                             "type=\"application/cap+xml\" href=\"cap/" +
                             m.identifier + ".xml\"/>"),
              std::string::npos);
    EXPECT_EQ(Between(m.xml, "identifier"), m.identifier);
    EXPECT_EQ(Between(m.xml, "sent"), FormatRfc3339(m.sent));
  }
}

TEST_F(CapFeedTest, ScopeIsPublicFromThePlansRealSender) {
  Issue("yellow");
  const std::string xml = Feed().messages.at(0).xml;
  EXPECT_EQ(Between(xml, "scope"), "Public");
  EXPECT_EQ(Between(xml, "status"), "Actual");
  EXPECT_EQ(Between(xml, "sender"), "hbj@changji.gov.cn");
  EXPECT_EQ(Between(xml, "senderName"),
            "昌吉回族自治州重污染天气应急指挥部办公室");
}

// Chinese warnings are open-ended: the message expires after expires_h and
// is renewed by an Update (referencing what came before) every half of it.
TEST_F(CapFeedTest, AnOpenEndedWarningExpiresAndIsRenewedByAnUpdate) {
  const json yellow = Issue("yellow");
  const std::string id =
      "urn:hazegate:652300:" + yellow["id"].get<std::string>();
  const CapMessage first = Feed().messages.at(0);
  EXPECT_EQ(Between(first.xml, "msgType"), "Alert");
  EXPECT_EQ(ParseRfc3339(Between(first.xml, "expires")),
            first.sent + std::chrono::hours(24));
  clock_.Advance(std::chrono::hours(13));
  const CapMessage renewed = Feed().messages.at(0);
  EXPECT_EQ(renewed.identifier, id + "-r1");
  EXPECT_EQ(renewed.sent, first.sent + std::chrono::hours(12));
  EXPECT_EQ(Between(renewed.xml, "msgType"), "Update");
  EXPECT_EQ(Between(renewed.xml, "references"),
            "hbj@changji.gov.cn," + id + "," + FormatRfc3339(first.sent));
  EXPECT_EQ(ParseRfc3339(Between(renewed.xml, "expires")),
            renewed.sent + std::chrono::hours(24));
  // A warning with an end expires then, if sooner.
  const json ending =
      Issue("yellow",
            {{"areas", {"652302"}}, {"ends_at", "2026-12-02T00:00:00+08:00"}});
  for (const CapMessage& m : Feed().messages) {
    if (m.identifier.ends_with(ending["id"].get<std::string>())) {
      EXPECT_EQ(Between(m.xml, "expires"), "2026-12-02T00:00:00+08:00");
    }
  }
}

TEST_F(CapFeedTest, WebContactAndTheLevelAsAParameter) {
  Approve(Issue("orange"));
  const std::string xml = Feed().messages.at(0).xml;
  EXPECT_EQ(Between(xml, "web"), "https://www.changji.gov.cn/public/");
  EXPECT_EQ(Between(xml, "contact"), "值班电话 0994-12369");
  EXPECT_NE(xml.find("<valueName>level</valueName>\n      <value>orange"),
            std::string::npos);
  EXPECT_NE(xml.find("<valueName>预警级别</valueName>\n      <value>橙色"),
            std::string::npos);
}

TEST_F(CapFeedTest, EventIsShortAndNothingIsUnknown) {
  Approve(Issue("red"));
  const std::string xml = Feed().messages.at(0).xml;
  const std::string event = Between(xml, "event");
  EXPECT_FALSE(event.empty());
  EXPECT_LT(Utf16Units(event), 35u) << event;
  EXPECT_EQ(xml.find("Unknown"), std::string::npos) << xml;
  EXPECT_EQ(Between(xml, "urgency"), "Expected");
  EXPECT_EQ(Between(xml, "severity"), "Extreme");
  EXPECT_EQ(Between(xml, "certainty"), "Likely");
}

TEST_F(CapFeedTest, EachAreaHasACircleBesideItsGeocode) {
  Issue("yellow");
  const std::string xml = Feed().messages.at(0).xml;
  EXPECT_NE(xml.find("<areaDesc>昌吉市</areaDesc>\n      <circle>44.0100,"
                     "87.2700 40.0</circle>\n      <geocode>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<circle>44.1600,87.9900 45.0</circle>"),
            std::string::npos);
  // A circle the plan gives must be one: lat, lon, radius in bounds.
  json plan = testing::SmallPlan();
  plan["public_info"] = {
      {"circles", {{"652301", {{"lat", 95}, {"lon", 87}, {"radius_km", 4}}}}},
      {"sender", "has space"}};
  auto refused = LoadPlan(*store_, plan, "test", clock_);
  ASSERT_FALSE(refused.ok());
  std::set<std::string> fields;
  for (const auto& e : refused.error().fields) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"/public_info/circles/652301",
                                           "/public_info/sender"}));
}

// A lift is a Cancel referencing every message of the series; it stays in
// the feed 30 days, then leaves it.
TEST_F(CapFeedTest, ACancelIsKeptThirtyDays) {
  const json yellow = Issue("yellow");
  clock_.Advance(std::chrono::hours(13));
  ASSERT_TRUE(
      warnings_
          .Lift(yellow["id"], {{"reason", "空气质量好转"}}, {"duty", "office"})
          .ok());
  const std::string id =
      "urn:hazegate:652300:" + yellow["id"].get<std::string>();
  CapFeed feed = Feed();
  ASSERT_EQ(feed.messages.size(), 1u);
  const std::string& xml = feed.messages[0].xml;
  EXPECT_EQ(feed.messages[0].identifier, id + "-cancel");
  EXPECT_EQ(Between(xml, "msgType"), "Cancel");
  EXPECT_EQ(Between(xml, "urgency"), "Past");
  EXPECT_TRUE(
      Between(xml, "references").starts_with("hbj@changji.gov.cn," + id + ","));
  EXPECT_NE(Between(xml, "references").find(id + "-r1,"), std::string::npos);
  clock_.Advance(std::chrono::hours(24 * 29));
  EXPECT_EQ(Feed().messages.size(), 1u);
  clock_.Advance(std::chrono::hours(24 * 2));
  EXPECT_TRUE(Feed().messages.empty());
}

TEST_F(CapFeedTest, NeverADrillAProposalOrARejectedWarning) {
  Issue("yellow", {{"exercise", true}});
  Issue("orange");
  const json red = Issue("red");
  ASSERT_TRUE(
      warnings_.Reject(red["id"], {{"reason", "不同意"}}, {"chief", "command"})
          .ok());
  const CapFeed feed = Feed();
  EXPECT_TRUE(feed.messages.empty());
  EXPECT_EQ(feed.atom.find("<entry>"), std::string::npos);
}

}  // namespace
}  // namespace hazegate
