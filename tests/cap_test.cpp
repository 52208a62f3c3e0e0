// CAP 1.2 output, validated with xmllint against the OASIS schema.
#include <gtest/gtest.h>

#include <fstream>

#include "hazegate/config/plan.h"
#include "hazegate/warnings/warnings.h"
#include "json_adapters.h"
#include "support.h"

namespace hazegate {
namespace {

using nlohmann::json;

class CapTest : public ::testing::Test {
 protected:
  CapTest()
      : store_(testing::StoreWithPlan(dir_, clock_)),
        service_(*store_, clock_, nullptr) {}

  json Issue(const std::string& level, json extra = json::object()) {
    json body = {{"level", level},
                 {"areas", {"652301", "652302"}},
                 {"starts_at", "2026-12-01T08:00:00+08:00"},
                 {"ends_at", "2026-12-03T08:00:00+08:00"},
                 {"reason", "预计未来72小时AQI大于200 & 扩散条件差"}};
    body.update(extra);
    auto created = warnings_.Create(body, {"duty", "office"});
    EXPECT_TRUE(created.ok());
    return created.value();
  }

  // The CAP document, after checking it against the schema.
  std::string ValidCap(const std::string& id) {
    auto cap = warnings_.Cap(id);
    EXPECT_TRUE(cap.ok());
    const std::string path = dir_.File(id + ".xml");
    std::ofstream(path) << cap.value();
    const std::string command =
        "xmllint --noout --schema " + std::string(HAZEGATE_SOURCE_DIR) +
        "/tests/data/cap-v1.2.xsd " + path + " 2>" + dir_.File("xmllint.err");
    EXPECT_EQ(std::system(command.c_str()), 0)
        << testing::ReadFile(dir_.File("xmllint.err")) << cap.value();
    return cap.value();
  }

  static bool Has(const std::string& xml, const std::string& fragment) {
    return xml.find(fragment) != std::string::npos;
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<Store> store_;
  WarningService service_;
  testing::JsonWarnings warnings_{service_};
};

// Issue 22: a warning citing a consultation carries its conclusion as the
// alert's <note>, where the schema puts it (before <references>).
TEST_F(CapTest, AConsultationsConclusionIsTheNote) {
  const json first = Issue("yellow");  // in force at once: it is superseded
  auto request =
      ParseWarningRequest({{"level", "red"},
                           {"areas", {"652301"}},
                           {"starts_at", "2026-12-02T08:00:00+08:00"},
                           {"reason", "会商升级"},
                           {"supersedes", first["id"]},
                           {"consultation_id", "cs-1"}});
  ASSERT_TRUE(request.ok());
  request.value().consultation_conclusion = "同意升级为红色预警 <立即>";
  auto created = service_.Create(request.value(), {"duty", "office"});
  ASSERT_TRUE(created.ok());
  const std::string cap = ValidCap(created.value().id);
  EXPECT_TRUE(
      Has(cap, "<note>研判会商结论：同意升级为红色预警 &lt;立即&gt;</note>"))
      << cap;
  EXPECT_LT(cap.find("<note>"), cap.find("<references>"));
}

// Issue 10.9: a control character in the headline or reason made the CAP
// XML malformed. Refused at input, naming the field; tabs and line breaks
// stay, and the document stays valid.
TEST_F(CapTest, ControlCharactersAreRefusedAtInput) {
  const json base = {{"level", "yellow"},
                     {"areas", {"652301"}},
                     {"starts_at", "2026-12-01T08:00:00+08:00"},
                     {"reason", "AQI>200"}};
  const std::pair<const char*, std::string> bad[] = {
      {"headline", "黄色预警\x01"},
      {"reason", "escape \x1b[31m"},
      {"reason", std::string("nul \0 inside", 12)},
      {"headline", "del \x7f"},
      {"headline", "c1 \xc2\x85"},
      {"reason", "nonchar \xef\xbf\xbe"}};
  for (const auto& [field, text] : bad) {
    json body = base;
    body[field] = text;
    auto refused = warnings_.Create(body, {"duty", "office"});
    ASSERT_FALSE(refused.ok()) << text;
    EXPECT_EQ(refused.error().fields.at(0).field, field);
  }
  auto lift = warnings_.Lift(Issue("yellow")["id"], {{"reason", "ok\x02"}},
                             {"duty", "office"});
  ASSERT_FALSE(lift.ok());
  EXPECT_EQ(lift.error().fields.at(0).field, "reason");
  const json fine = Issue("yellow", {{"reason", "第一行\n第二行\t(制表)"}});
  EXPECT_TRUE(Has(ValidCap(fine["id"]), "第一行"));
}

TEST_F(CapTest, AlertForANewWarning) {
  const json yellow = Issue("yellow");
  const std::string xml = ValidCap(yellow["id"]);
  EXPECT_TRUE(Has(xml, "<msgType>Alert</msgType>"));
  EXPECT_TRUE(Has(xml, "<status>Actual</status>"));
  EXPECT_TRUE(Has(xml, "<language>zh-CN</language>"));
  EXPECT_TRUE(Has(xml, "<category>Env</category>"));
  EXPECT_TRUE(Has(xml, "<severity>Moderate</severity>"));
  EXPECT_TRUE(Has(xml, "<value>652301</value>"));
  EXPECT_TRUE(Has(xml, "<value>652302</value>"));
  EXPECT_TRUE(Has(xml, "AQI大于200 &amp; 扩散条件差"));
  EXPECT_FALSE(Has(xml, "<references>"));
}

// Issue 12.5: a park has no GB/T 2260 code; its own code goes under our
// valueName, the county it lies in under GB/T 2260.
TEST_F(CapTest, AParkIsGeocodedByItsOwnCodeAndItsCounty) {
  json plan = testing::SmallPlan();
  plan["areas"].push_back({{"code", "652300-gx"},
                           {"name", "昌吉高新技术产业开发区"},
                           {"kind", "park"},
                           {"parent", "652300"},
                           {"county", "652301"}});
  ASSERT_TRUE(LoadPlan(*store_, plan, "test", clock_).ok());
  const json warning = Issue("yellow", {{"areas", {"652300-gx"}}});
  const std::string xml = ValidCap(warning["id"]);
  EXPECT_TRUE(Has(xml,
                  "<areaDesc>昌吉高新技术产业开发区</areaDesc>\n"
                  "      <geocode>\n        <valueName>hazegate:park"
                  "</valueName>\n        <value>652300-gx</value>\n"
                  "      </geocode>\n      <geocode>\n        "
                  "<valueName>GB/T 2260</valueName>\n        "
                  "<value>652301</value>"))
      << xml;
  plan["areas"].back().erase("county");
  auto refused = LoadPlan(*store_, plan, "test", clock_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).field, "/areas/3/county");
}

TEST_F(CapTest, UpdateReferencesTheSupersededWarning) {
  const json yellow = Issue("yellow");
  const json red = Issue("red", {{"supersedes", yellow["id"]}});
  const std::string draft = ValidCap(red["id"]);
  EXPECT_TRUE(Has(draft, "<status>Draft</status>"));
  ASSERT_TRUE(warnings_.Approve(red["id"], {"chief", "command"}).ok());
  const std::string xml = ValidCap(red["id"]);
  EXPECT_TRUE(Has(xml, "<msgType>Update</msgType>"));
  EXPECT_TRUE(Has(xml, "<severity>Extreme</severity>"));
  EXPECT_TRUE(Has(xml, "<references>hazegate@652300," +
                           yellow["id"].get<std::string>() + ","));
}

TEST_F(CapTest, CancelWhenLifted) {
  const json orange = Issue("orange");
  ASSERT_TRUE(warnings_.Approve(orange["id"], {"chief", "command"}).ok());
  clock_.Advance(std::chrono::hours(30));
  ASSERT_TRUE(
      warnings_
          .Lift(orange["id"], {{"reason", "空气质量好转"}}, {"duty", "office"})
          .ok());
  const std::string xml = ValidCap(orange["id"]);
  EXPECT_TRUE(Has(xml, "<msgType>Cancel</msgType>"));
  EXPECT_TRUE(Has(xml, "<identifier>" + orange["id"].get<std::string>() +
                           "-cancel</identifier>"));
  EXPECT_TRUE(Has(xml, "<references>hazegate@652300," +
                           orange["id"].get<std::string>() + ","));
}

}  // namespace
}  // namespace hazegate
