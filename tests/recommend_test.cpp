// The plan's warning thresholds on their edges (issue 22): runs counted in
// hours from the forecast's issue, gaps and dust days breaking a run, red's
// > 300 inside its > 200 run, the lift at 36 h, and what the rules say
// against the level in force. Pure: no database.
#include "hazegate/forecast/recommend.h"

#include <gtest/gtest.h>

#include "hazegate/config/warning_rules.h"

namespace hazegate {
namespace {

using nlohmann::json;

// Issued at 00:00 Beijing time on 12-07 unless a test says otherwise.
TimePoint At(const std::string& text) { return *ParseRfc3339(text); }
const TimePoint kMidnight = At("2026-12-07T00:00:00+08:00");

// Days from 12-07 on with these AQIs.
std::vector<ForecastDay> Days(std::vector<int> aqis, int first_day = 7) {
  std::vector<ForecastDay> days;
  for (size_t i = 0; i < aqis.size(); ++i) {
    days.push_back({"2026-12-" + std::string(first_day + i < 10 ? "0" : "") +
                        std::to_string(first_day + i),
                    aqis[i], std::nullopt, "pm25"});
  }
  return days;
}

Recommendation For(const std::vector<ForecastDay>& days,
                   TimePoint issued = kMidnight, InForce in_force = {}) {
  return Recommend(NationalWarningRules(), issued, days, in_force);
}

TEST(WarningRulesTest, OneDayAbove200IsYellowAndTheBoundaryIsStrict) {
  EXPECT_EQ(For(Days({201, 100, 100})).level, "yellow");
  EXPECT_EQ(For(Days({200, 100, 100})).level, "none");
  const Recommendation r = For(Days({201}));
  EXPECT_EQ(r.action, "issue");
  EXPECT_NE(r.basis.find("12月7日AQI 201"), std::string::npos) << r.basis;
  EXPECT_NE(r.basis.find("达到黄色预警启动条件"), std::string::npos) << r.basis;
}

TEST(WarningRulesTest, Above150ForExactly48HoursIsYellow) {
  EXPECT_EQ(For(Days({151, 151, 100})).level, "yellow");
  EXPECT_EQ(For(Days({151, 150, 151})).level, "none");  // 150 is not > 150
  // Issued at 00:01: the first day lasts 23 h 59 min, two days fall short.
  EXPECT_EQ(For(Days({151, 151, 100}), At("2026-12-07T00:01:00+08:00")).level,
            "none");
  EXPECT_EQ(For(Days({151, 151, 151}), At("2026-12-07T00:01:00+08:00")).level,
            "yellow");
}

TEST(WarningRulesTest, AGapDayBreaksARun) {
  std::vector<ForecastDay> days = Days({160, 160});
  days.push_back({"2026-12-10", 160, std::nullopt, "pm25"});  // 12-09 missing
  EXPECT_EQ(For(days).level, "yellow");                       // 48 h at once
  days = Days({160});
  days.push_back({"2026-12-09", 160, std::nullopt, "pm25"});
  days.push_back({"2026-12-10", 160, std::nullopt, "pm25"});
  EXPECT_EQ(For(days).level, "yellow");  // the second run is 48 h
  days = Days({160});
  days.push_back({"2026-12-09", 160, std::nullopt, "pm25"});
  EXPECT_EQ(For(days).level, "none") << "two 24 h runs are not one of 48 h";
}

TEST(WarningRulesTest, OrangeAt48HoursAbove200Or72Above150) {
  EXPECT_EQ(For(Days({201, 201, 100})).level, "orange");
  EXPECT_EQ(For(Days({151, 151, 151})).level, "orange");
  EXPECT_EQ(For(Days({151, 151, 100})).level, "yellow");
}

TEST(WarningRulesTest, RedNeedsAbove300For24HoursInsideIts72Above200) {
  EXPECT_EQ(For(Days({210, 301, 210})).level, "red");
  EXPECT_EQ(For(Days({210, 300, 210})).level, "orange") << "300 is not > 300";
  EXPECT_EQ(For(Days({210, 210, 210})).level, "orange");
  // The > 300 day belongs to another run than the 72 h one: not red.
  EXPECT_EQ(For(Days({210, 210, 210, 100, 310})).level, "orange");
  const Recommendation red = For(Days({210, 301, 210}));
  EXPECT_NE(red.basis.find("AQI>200持续72小时及以上且AQI>300持续24小时及以上"),
            std::string::npos)
      << red.basis;
}

TEST(WarningRulesTest, ADustOrOzoneDayNeverCallsForAWarningAndBreaksARun) {
  std::vector<ForecastDay> days = Days({260, 260, 260});
  days[1].primary_pollutant = "dust";
  EXPECT_EQ(For(days).level, "yellow") << "the dust day splits the run";
  for (ForecastDay& day : days) day.primary_pollutant = "o3";
  EXPECT_EQ(For(days).level, "none");
}

TEST(WarningRulesTest, LiftAt36HoursNot35) {
  const InForce orange{"orange", "w-1"};
  // Issued at noon: 12 h left of 12-07 and 24 h of 12-08 = 36 h.
  const Recommendation lift =
      For(Days({120, 110, 180}), At("2026-12-07T12:00:00+08:00"), orange);
  EXPECT_EQ(lift.level, "none");
  EXPECT_EQ(lift.action, "lift");
  EXPECT_NE(lift.basis.find("达到解除条件"), std::string::npos) << lift.basis;
  const Recommendation wait =
      For(Days({120, 110, 180}), At("2026-12-07T13:00:00+08:00"), orange);
  EXPECT_EQ(wait.action, "keep") << "35 h below 150 does not lift";
  EXPECT_NE(wait.basis.find("尚未达到解除条件"), std::string::npos);
  // A run of low days that starts tomorrow does not lift today.
  EXPECT_EQ(For(Days({180, 120, 120}), kMidnight, orange).action, "keep");
}

TEST(WarningRulesTest, TheActionComparesWithTheLevelInForce) {
  const std::vector<ForecastDay> orange = Days({201, 201});
  EXPECT_EQ(For(orange).action, "issue");
  EXPECT_EQ(For(orange, kMidnight, {"yellow", "w"}).action, "upgrade");
  EXPECT_EQ(For(orange, kMidnight, {"orange", "w"}).action, "keep");
  EXPECT_EQ(For(orange, kMidnight, {"red", "w"}).action, "downgrade");
  EXPECT_EQ(For(Days({100})).action, "keep");
  // Days already over when the forecast was issued do not count.
  EXPECT_EQ(For(Days({300, 100}), At("2026-12-08T08:00:00+08:00")).level,
            "none");
}

TEST(WarningRulesTest, APlansRulesAreCheckedFieldByField) {
  std::vector<PlanIssue> issues;
  const WarningRules parsed = ParseWarningRules(json::parse(R"({
        "yellow": {"any": [{"aqi_above": 180, "hours": 24}]},
        "orange": {"any": [{"aqi_above": 220, "hours": 48}]},
        "red": {"all": [{"aqi_above": 250, "hours": 72}]},
        "lift": {"aqi_below": 150, "hours": 36},
        "no_warning_pollutants": ["dust"]})"),
                                                &issues);
  EXPECT_TRUE(issues.empty());
  EXPECT_EQ(parsed.levels.at("yellow").conditions[0].aqi_above, 180);
  EXPECT_EQ(Recommend(parsed, kMidnight, Days({190}), {}).level, "yellow");

  const auto fault = [](const std::string& text) {
    std::vector<PlanIssue> found;
    ParseWarningRules(json::parse(text), &found);
    return found.empty() ? std::string("none") : found[0].pointer;
  };
  const std::string rest =
      R"("orange": {"any": [{"aqi_above": 200, "hours": 48}]},
         "red": {"all": [{"aqi_above": 200, "hours": 72}]},
         "lift": {"aqi_below": 150, "hours": 36}})";
  EXPECT_EQ(
      fault(R"({"yellow": {"any": [{"aqi_above": 600, "hours": 24}]},)" + rest),
      "/warning_rules/yellow/any/0/aqi_above");
  EXPECT_EQ(fault(R"({"yellow": {"any": [{"aqi_above": 200}]},)" + rest),
            "/warning_rules/yellow/any/0");
  EXPECT_EQ(fault(R"({"yellow": {"some": []},)" + rest),
            "/warning_rules/yellow");
  EXPECT_EQ(
      fault(R"({"yellow": {"any": [{"aqi_below": 200, "hours": 2}]},)" + rest),
      "/warning_rules/yellow/any/0");
  EXPECT_EQ(fault(R"({"orange": {"any": [{"aqi_above": 200, "hours": 48}]},
                      "red": {"all": [{"aqi_above": 200, "hours": 72}]},
                      "lift": {"aqi_below": 150, "hours": 36}})"),
            "/warning_rules/yellow");
  EXPECT_EQ(fault(R"({"yellow": {"any": [{"aqi_above": 200, "hours": 24}]},
                      "no_warning_pollutants": ["sand"],)" +
                  rest),
            "/warning_rules/no_warning_pollutants/0");
}

}  // namespace
}  // namespace hazegate
