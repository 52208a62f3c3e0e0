// Forecasts and recommendations over real HTTPS (issue 22): a forecast as
// JSON and as CSV, bad input naming its field with nothing stored, the
// latest per area, and what the thresholds say against the level in force.
#include "hazegate/core/store.h"
#include "https_fixture.h"

namespace hazegate {
namespace {

using nlohmann::json;
using testing::HttpsGateway;

class ForecastHttp : public HttpsGateway {
 protected:
  // The Beijing date `days` from the fake clock's now.
  std::string Date(int days) {
    return FormatRfc3339(clock_.Now() + std::chrono::hours(24 * days))
        .substr(0, 10);
  }

  httplib::Result Submit(const json& body, Role role = Role::kOffice) {
    return Post("/api/v1/forecasts", tokens_[role], body.dump(),
                "application/json");
  }

  int64_t Forecasts() {
    auto lease = store_->Acquire();
    return lease.db().execAndGet("SELECT count(*) FROM forecasts").getInt64();
  }

  json Recommendations() {
    auto res = Get("/api/v1/recommendations", tokens_[Role::kCommand]);
    EXPECT_EQ(res->status, 200) << res->body;
    json by_area = json::object();
    for (const json& r : Body(res)) by_area[r["area"].get<std::string>()] = r;
    return by_area;
  }
};

TEST_F(ForecastHttp, AForecastGivesARecommendationAgainstTheLevelInForce) {
  const json forecast = {
      {"issued_at", FormatRfc3339(clock_.Now())},
      {"source", "州环境监测站"},
      {"days",
       {{{"area", "652301"},
         {"date", Date(0)},
         {"aqi", 230},
         {"pm25", 180.5},
         {"primary_pollutant", "pm25"}},
        {{"area", "652301"}, {"date", Date(1)}, {"aqi", 260}},
        {{"area", "652301"}, {"date", Date(2)}, {"aqi", 240}},
        {{"area", "652302"}, {"date", Date(0)}, {"aqi", 120}}}}};
  auto stored = Submit(forecast);
  ASSERT_EQ(stored->status, 201) << stored->body;
  EXPECT_EQ(Body(stored)["days"].size(), 4u);
  EXPECT_EQ(Body(stored)["days"][0]["pm25"], 180.5);
  EXPECT_EQ(Body(stored)["created_by"], "user-office");

  const json by_area = Recommendations();
  ASSERT_TRUE(by_area.contains("652301")) << by_area.dump();
  EXPECT_EQ(by_area["652301"]["level"], "orange");  // > 200 for ≥ 48 h
  EXPECT_EQ(by_area["652301"]["action"], "issue");
  EXPECT_EQ(by_area["652301"]["forecast_id"], Body(stored)["id"]);
  EXPECT_NE(by_area["652301"]["basis"].get<std::string>().find("达到橙色预警"),
            std::string::npos)
      << by_area["652301"]["basis"];
  EXPECT_EQ(by_area["652302"]["action"], "keep");

  // In force at orange over 652301: the same forecast says keep.
  auto proposed = Post("/api/v1/warnings", tokens_[Role::kOffice],
                       R"({"level":"orange","areas":["652301"],
                           "starts_at":"2026-12-01T08:00:00+08:00",
                           "reason":"会商"})",
                       "application/json");
  ASSERT_EQ(proposed->status, 201) << proposed->body;
  const std::string id = Body(proposed)["id"];
  ASSERT_EQ(Post("/api/v1/warnings/" + id + "/approve", tokens_[Role::kCommand],
                 "", "application/json")
                ->status,
            200);
  const json after = Recommendations();
  EXPECT_EQ(after["652301"]["action"], "keep");
  EXPECT_EQ(after["652301"]["in_force"], "orange");
  EXPECT_EQ(after["652301"]["warning_id"], id);

  // A later forecast (CSV) with clean air for 36 h and more: lift.
  const std::string csv = "area,date,aqi,primary_pollutant\r\n652301," +
                          Date(0) + ",110,pm10\r\n652301," + Date(1) +
                          ",95,\r\n";
  std::string issued = FormatRfc3339(clock_.Now());
  issued.replace(issued.find('+'), 1, "%2B");
  auto lifted =
      Post("/api/v1/forecasts?source=%E4%BC%9A%E5%95%86&issued_at=" + issued,
           tokens_[Role::kOffice], csv, "text/csv");
  ASSERT_EQ(lifted->status, 201) << lifted->body;
  EXPECT_EQ(Body(lifted)["source"], "会商");
  EXPECT_EQ(Recommendations()["652301"]["action"], "lift");

  auto latest =
      Get("/api/v1/forecasts?latest=true&area=652301", tokens_[Role::kCounty]);
  ASSERT_EQ(latest->status, 200);
  ASSERT_EQ(Body(latest).size(), 1u);
  EXPECT_EQ(Body(latest)[0]["id"], Body(lifted)["id"]);
  EXPECT_EQ(Body(latest)[0]["days"].size(), 2u);
  auto all = Get("/api/v1/forecasts", tokens_[Role::kOffice]);
  EXPECT_EQ(Body(all).size(), 2u);
  ExpectProblem(Get("/api/v1/recommendations", tokens_[Role::kEnterprise]),
                403);
}

TEST_F(ForecastHttp, BadInputNamesItsFieldAndStoresNothing) {
  const auto day = [&](const std::string& area, int offset, const json& aqi) {
    return json{{"area", area}, {"date", Date(offset)}, {"aqi", aqi}};
  };
  const auto field_of = [&](const json& days) {
    auto res = Submit({{"issued_at", FormatRfc3339(clock_.Now())},
                       {"source", "站"},
                       {"days", days}});
    EXPECT_EQ(res->status, 400) << res->body;
    return Body(res)["errors"][0]["field"].get<std::string>();
  };
  EXPECT_EQ(field_of({day("652301", 0, 100), day("652301", 1, 501)}),
            "days/1/aqi");
  EXPECT_EQ(field_of(json::array({day("999999", 0, 100)})), "days/0/area");
  EXPECT_EQ(field_of({day("652301", 0, 100), day("652301", 0, 120)}),
            "days/1/date");
  EXPECT_EQ(field_of(json::array({day("652301", 0, "high")})), "days/0/aqi");
  EXPECT_EQ(
      field_of({{{"area", "652301"}, {"date", "2026-02-30"}, {"aqi", 100}}}),
      "days/0/date");
  EXPECT_EQ(field_of({{{"area", "652301"},
                       {"date", Date(0)},
                       {"aqi", 100},
                       {"primary_pollutant", "smoke"}}}),
            "days/0/primary_pollutant");
  EXPECT_EQ(field_of(json::array()), "days");
  auto csv = Post("/api/v1/forecasts", tokens_[Role::kOffice],
                  "area,aqi\r\n652301,100\r\n", "text/csv");
  ExpectProblem(csv, 400);
  EXPECT_EQ(Body(csv)["errors"][0]["field"], "csv");
  EXPECT_EQ(Forecasts(), 0);
  // Not the forecasting group: a unit may not submit one.
  auto unit = Submit({{"issued_at", FormatRfc3339(clock_.Now())},
                      {"source", "站"},
                      {"days", json::array({day("652301", 0, 100)})}},
                     Role::kUnit);
  ExpectProblem(unit, 403);
  EXPECT_EQ(Forecasts(), 0);
}

// The region's notice shows in the recommendations, with the time left to
// answer it, until a warning answers it; consultations are recorded.
TEST_F(ForecastHttp, ARegionalNoticeWaitsForItsAnswer) {
  const json notice = {{"document_no", "新环发〔2026〕12号"},
                       {"issued_by", "自治区生态环境厅"},
                       {"level", "orange"},
                       {"areas", {"652301", "652302"}},
                       {"starts_at", FormatRfc3339(clock_.Now())},
                       {"respond_within_h", 12},
                       {"text", "乌昌石区域启动橙色预警"}};
  const auto post = [&](const std::string& path, const json& body) {
    return Post(path, tokens_[Role::kOffice], body.dump(), "application/json");
  };
  const auto field_of = [&](const std::string& path, json body,
                            const std::string& key, const json& value) {
    body[key] = value;
    auto res = post(path, body);
    EXPECT_EQ(res->status, 400) << res->body;
    return Body(res)["errors"][0]["field"].get<std::string>();
  };
  EXPECT_EQ(field_of("/api/v1/regional-notices", notice, "level", "purple"),
            "level");
  EXPECT_EQ(field_of("/api/v1/regional-notices", notice, "areas", {"999"}),
            "areas");
  EXPECT_EQ(
      field_of("/api/v1/regional-notices", notice, "respond_within_h", 200),
      "respond_within_h");
  auto stored = post("/api/v1/regional-notices", notice);
  ASSERT_EQ(stored->status, 201) << stored->body;
  const std::string id = Body(stored)["id"];

  json by_area = Recommendations();
  ASSERT_TRUE(by_area.contains("652302")) << by_area.dump();
  EXPECT_EQ(by_area["652301"]["level"], "orange");
  EXPECT_EQ(by_area["652301"]["action"], "issue");
  EXPECT_EQ(by_area["652301"]["regional_notice_id"], id);
  EXPECT_TRUE(by_area["652301"]["forecast_id"].is_null());
  EXPECT_NE(
      by_area["652301"]["basis"].get<std::string>().find(
          "自治区生态环境厅《新环发〔2026〕12号》要求橙色预警，须在12小时0分"
          "钟内响应"),
      std::string::npos)
      << by_area["652301"]["basis"];

  clock_.Advance(std::chrono::minutes(90));
  auto proposed = Post("/api/v1/warnings", tokens_[Role::kOffice],
                       R"({"level":"orange","areas":["652301","652302"],
                           "starts_at":"2026-12-01T08:00:00+08:00",
                           "reason":"按自治区通知"})",
                       "application/json");
  ASSERT_EQ(proposed->status, 201);
  ASSERT_EQ(Post("/api/v1/warnings/" + Body(proposed)["id"].get<std::string>() +
                     "/approve",
                 tokens_[Role::kCommand], "", "application/json")
                ->status,
            200);
  EXPECT_FALSE(Recommendations().contains("652301"))
      << "an answered notice still asks";
  EXPECT_EQ(
      Body(Get("/api/v1/regional-notices", tokens_[Role::kCounty]))[0]["id"],
      id);

  const json consultation = {{"held_at", FormatRfc3339(clock_.Now())},
                             {"participants", {"office", "group-inspection"}},
                             {"areas", {"652301"}},
                             {"recommended_level", "orange"},
                             {"conclusion", "同意启动橙色预警"}};
  EXPECT_EQ(
      field_of("/api/v1/consultations", consultation, "forecast_id", "fc-none"),
      "forecast_id");
  EXPECT_EQ(field_of("/api/v1/consultations", consultation, "participants",
                     {"nobody"}),
            "participants");
  auto held = post("/api/v1/consultations", consultation);
  ASSERT_EQ(held->status, 201) << held->body;
  auto listed = Get("/api/v1/consultations", tokens_[Role::kCommand]);
  ASSERT_EQ(Body(listed).size(), 1u);
  EXPECT_EQ(Body(listed)[0]["conclusion"], "同意启动橙色预警");
  EXPECT_EQ(Body(listed)[0]["participants"],
            json({"office", "group-inspection"}));
  ExpectProblem(Post("/api/v1/consultations", tokens_[Role::kCounty],
                     consultation.dump(), "application/json"),
                403);

  // A warning that cites it carries the conclusion, in its record and CAP.
  json warning = {{"level", "red"},
                  {"areas", {"652301"}},
                  {"starts_at", FormatRfc3339(clock_.Now())},
                  {"reason", "会商决定升级"},
                  {"supersedes", Body(proposed)["id"]},
                  {"consultation_id", "cs-none"}};
  auto unknown = post("/api/v1/warnings", warning);
  ExpectProblem(unknown, 400);
  EXPECT_EQ(Body(unknown)["errors"][0]["field"], "consultation_id");
  warning["consultation_id"] = Body(held)["id"];
  auto cited = post("/api/v1/warnings", warning);
  ASSERT_EQ(cited->status, 201) << cited->body;
  EXPECT_EQ(
      Body(cited)["consultation"],
      json({{"id", Body(held)["id"]}, {"conclusion", "同意启动橙色预警"}}));
  auto cap =
      Get("/api/v1/warnings/" + Body(cited)["id"].get<std::string>() + "/cap",
          tokens_[Role::kOffice]);
  ASSERT_EQ(cap->status, 200);
  EXPECT_NE(cap->body.find("<note>研判会商结论：同意启动橙色预警</note>"),
            std::string::npos)
      << cap->body;
  // And in the evaluation, JSON and printable.
  const std::string base =
      "/api/v1/warnings/" + Body(cited)["id"].get<std::string>() + "/summary";
  auto summary = Get(base, tokens_[Role::kOffice]);
  ASSERT_EQ(summary->status, 200) << summary->body;
  EXPECT_EQ(Body(summary)["warning"]["consultation"]["conclusion"],
            "同意启动橙色预警");
  auto page = Get(base + ".html", tokens_[Role::kOffice]);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("研判会商结论</td><td>同意启动橙色预警"),
            std::string::npos);
  // The consultation is the timeline's first event and the first stage.
  EXPECT_EQ(Body(summary)["timeline"][0]["event"], "consultation");
  EXPECT_EQ(Body(summary)["stages"]["consultation_to_proposal_s"], 0);
  EXPECT_TRUE(Body(summary)["regional_notices"].empty())
      << "the red warning answered no notice of its own";
  // The orange warning answered the region's notice, 90 minutes after it
  // started, within its 12 hours.
  auto answered = Get("/api/v1/warnings/" +
                          Body(proposed)["id"].get<std::string>() + "/summary",
                      tokens_[Role::kOffice]);
  const json notices = Body(answered)["regional_notices"];
  ASSERT_EQ(notices.size(), 1u) << answered->body;
  EXPECT_EQ(notices[0]["document_no"], "新环发〔2026〕12号");
  EXPECT_EQ(notices[0]["response_s"], 5400);
  EXPECT_EQ(notices[0]["on_time"], true);
  EXPECT_EQ(Body(answered)["timeline"][0]["event"], "regional_notice");
}

}  // namespace
}  // namespace hazegate

namespace hazegate {
namespace {

// Issue 23: the season view counts the real warnings per level and area
// with the days under warning, the forecasts, the drills held apart.
TEST_F(ForecastHttp, TheSeasonCountsWarningsDaysForecastsAndDrills) {
  const TimePoint start = clock_.Now();
  ASSERT_EQ(Submit({{"issued_at", FormatRfc3339(start)},
                    {"source", "州环境监测站"},
                    {"days",
                     {{{"area", "652301"}, {"date", Date(0)}, {"aqi", 230}},
                      {{"area", "652301"}, {"date", Date(1)}, {"aqi", 250}},
                      {{"area", "652302"}, {"date", Date(0)}, {"aqi", 120}}}}})
                ->status,
            201);
  const auto post = [&](const std::string& path, const json& body) {
    return Post(path, tokens_[Role::kOffice], body.dump(), "application/json");
  };
  auto yellow = post("/api/v1/warnings", {{"level", "yellow"},
                                          {"areas", {"652301"}},
                                          {"starts_at", FormatRfc3339(start)},
                                          {"reason", "AQI > 200"}});
  ASSERT_EQ(yellow->status, 201);
  ASSERT_EQ(post("/api/v1/warnings", {{"level", "yellow"},
                                      {"areas", {"652302"}},
                                      {"starts_at", FormatRfc3339(start)},
                                      {"reason", "演练"},
                                      {"exercise", true},
                                      {"exercise_name", "冬季演练"}})
                ->status,
            201);
  clock_.Advance(std::chrono::hours(36));
  ASSERT_EQ(post("/api/v1/warnings/" + Body(yellow)["id"].get<std::string>() +
                     "/lift",
                 {{"reason", "好转"}})
                ->status,
            200);
  const std::string range =
      "?from=" + FormatRfc3339(start - std::chrono::hours(24)).substr(0, 10) +
      "&to=" + FormatRfc3339(start + std::chrono::hours(72)).substr(0, 10);
  auto season = Get("/api/v1/season" + range, tokens_[Role::kCommand]);
  ASSERT_EQ(season->status, 200) << season->body;
  const json s = Body(season);
  EXPECT_EQ(s["warnings"], json({{"yellow", 1}}));
  EXPECT_EQ(s["areas"]["652301"]["warnings"], json({{"yellow", 1}}));
  EXPECT_DOUBLE_EQ(s["areas"]["652301"]["days_under_warning"].get<double>(),
                   1.5);
  EXPECT_FALSE(s["areas"].contains("652302")) << "a drill counted";
  EXPECT_EQ(s["forecasts"],
            json({{"submitted", 1}, {"area_days_over_200", 2}}));
  ASSERT_EQ(s["drills"].size(), 1u);
  EXPECT_EQ(s["drills"][0]["name"], "冬季演练");
  EXPECT_EQ(s["on_time"]["area_notice"], json({{"orders", 1}, {"on_time", 0}}))
      << s.dump();
  auto page = Get("/api/v1/season.html" + range, tokens_[Role::kOffice]);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("冬季演练"), std::string::npos);
  EXPECT_NE(page->body.find(">1.5</td>"), std::string::npos);
  EXPECT_NE(page->body.find("昌吉市"), std::string::npos) << "areas by name";
  const std::string month = FormatRfc3339(start).substr(0, 7);
  EXPECT_EQ(s["on_time_by_month"][month]["area_notice"],
            json({{"orders", 1}, {"on_time", 0}}))
      << s.dump();
  auto bad = Get("/api/v1/season?from=2026-12-05&to=2026-12-01",
                 tokens_[Role::kOffice]);
  ExpectProblem(bad, 400);
  EXPECT_EQ(Body(bad)["errors"][0]["field"], "to");
  ExpectProblem(Get("/api/v1/season", tokens_[Role::kSchool]), 403);
}

}  // namespace
}  // namespace hazegate
