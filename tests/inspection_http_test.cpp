// POST /inspections and the inspection reads over real HTTPS: multipart
// bodies with real JPEGs, every refusal storing nothing, retries, isolation
// between orgs, photos with ETags, GeoJSON and CSV.
#include <gtest/gtest.h>

#include <filesystem>
#include <future>

#include "hazegate/core/ids.h"
#include "hazegate/core/store.h"
#include "hazegate/identity/accounts.h"
#include "https_fixture.h"
#include "photos.h"

namespace hazegate {
namespace {

using nlohmann::json;
using testing::HttpsGateway;
namespace fs = std::filesystem;

json Report(const std::string& id, json extra = json::object()) {
  json report = {
      {"id", id},
      {"site", "ent-1"},
      {"captured_at", "2026-12-01T07:55:00+08:00"},
      {"location", {{"lat", 44.0102}, {"lon", 87.3002}, {"accuracy_m", 6}}},
      {"checklist", {{{"item", "窑炉停产"}, {"result", "fail"}}}},
      {"verdict", "non_compliant"}};
  report.update(extra);
  return report;
}

class InspectionHttp : public HttpsGateway {
 protected:
  httplib::Result Submit(const std::string& report,
                         const std::vector<std::string>& photos,
                         const std::string& photo_type = "image/jpeg",
                         Role role = Role::kInspector) {
    httplib::MultipartFormDataItems items;
    if (!report.empty()) {
      items.push_back({"report", report, "", "application/json"});
    }
    for (size_t i = 0; i < photos.size(); ++i) {
      items.push_back(
          {"photo", photos[i], "p" + std::to_string(i) + ".jpg", photo_type});
    }
    return Client()->Post("/api/v1/inspections", Auth(role), items);
  }

  // A yellow warning over 652301; its id.
  std::string YellowWarning() {
    auto warning = Post("/api/v1/warnings", tokens_[Role::kOffice],
                        R"({"level":"yellow","areas":["652301"],
                            "starts_at":"2026-12-01T08:00:00+08:00",
                            "reason":"PM2.5"})",
                        "application/json");
    EXPECT_EQ(warning->status, 201) << warning->body;
    return Body(warning)["id"];
  }

  httplib::Headers Auth(Role role) {
    return {{"Authorization", "Bearer " + tokens_[role]}};
  }

  int64_t Rows(const std::string& table) {
    auto lease = store_->Acquire();
    return lease.db().execAndGet("SELECT count(*) FROM " + table).getInt64();
  }

  size_t BlobFiles() {
    size_t count = 0;
    for (const auto& entry :
         fs::recursive_directory_iterator(dir_.File("blobs"))) {
      count += entry.is_regular_file();
    }
    return count;
  }

  void ExpectNothingStored(const std::string& what) {
    EXPECT_EQ(Rows("inspections"), 0) << what;
    EXPECT_EQ(Rows("photos"), 0) << what;
    EXPECT_EQ(Rows("cases"), 0) << what;
    EXPECT_EQ(BlobFiles(), 0u) << what;
  }
};

TEST_F(InspectionHttp, HappyPathWithAndWithoutExifGps) {
  const std::string with_gps = testing::MakeJpeg(
      640, 480, 1, testing::ExifTags{"2026:12:01 07:54:00", 44.0102, 87.3002});
  const std::string plain = testing::MakeJpeg(320, 240, 2);
  auto res = Submit(Report("11111111-2222-3333-4444-555555555555").dump(),
                    {with_gps, plain});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  const json body = Body(res);
  EXPECT_EQ(body["verdict"], "non_compliant");
  ASSERT_EQ(body["photos"].size(), 2u);
  EXPECT_EQ(body["photos"][0]["bytes"], with_gps.size());
  EXPECT_EQ(body["photos"][0]["width"], 640);
  EXPECT_EQ(body["photos"][1]["height"], 240);
  EXPECT_TRUE(body["location_check"]["within_geofence"]);
  EXPECT_EQ(body["flags"], json::array());
  EXPECT_TRUE(body.contains("case_id"));
  EXPECT_EQ(BlobFiles(), 2u);

  auto read = Get("/api/v1/inspections/11111111-2222-3333-4444-555555555555",
                  tokens_[Role::kOffice]);
  ASSERT_EQ(read->status, 200);
  EXPECT_EQ(Body(read)["report"]["checklist"][0]["item"], "窑炉停产");
  EXPECT_EQ(Body(read)["submitted_by"], "user-inspector");

  const std::string photo_path =
      "/api/v1/photos/" + body["photos"][0]["sha256"].get<std::string>();
  auto photo = Get(photo_path, tokens_[Role::kEnterprise]);
  ASSERT_EQ(photo->status, 200);
  EXPECT_EQ(photo->body, with_gps);
  EXPECT_EQ(photo->get_header_value("Content-Type"), "image/jpeg");
  const std::string etag = photo->get_header_value("ETag");
  EXPECT_EQ(etag, "\"" + body["photos"][0]["sha256"].get<std::string>() + "\"");
  httplib::Headers conditional = Auth(Role::kOffice);
  conditional.emplace("If-None-Match", etag);
  auto cached = Client()->Get(photo_path.c_str(), conditional);
  EXPECT_EQ(cached->status, 304);
  EXPECT_TRUE(cached->body.empty());
}

TEST_F(InspectionHttp, EachBadInputGetsItsStatusAndStoresNothing) {
  const std::string jpeg = testing::MakeJpeg(64, 64, 3);
  const std::string report = Report("r-1").dump();
  const std::vector<std::string> nine(9, jpeg);
  std::string big = testing::MakeJpeg(64, 64, 4);
  big.resize(11 * 1024 * 1024, '\0');
  struct Case {
    std::string what;
    std::function<httplib::Result()> send;
    int status;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"no report part", [&] { return Submit("", {jpeg}); }, 400, "report"},
      {"bad JSON", [&] { return Submit("{\"id\":", {jpeg}); }, 400, "report"},
      {"lat 91",
       [&] {
         return Submit(
             Report("r-1", {{"location",
                             {{"lat", 91}, {"lon", 87.3}, {"accuracy_m", 5}}}})
                 .dump(),
             {jpeg});
       },
       400, "report.location.lat"},
      {"unknown site",
       [&] {
         return Submit(Report("r-1", {{"site", "nope"}}).dump(), {jpeg});
       },
       404, ""},
      {"PNG as image/jpeg",
       [&] {
         return Submit(report, {jpeg, testing::TinyPng()});
       },
       415, ""},
      {"PNG as image/png",
       [&] { return Submit(report, {testing::TinyPng()}, "image/png"); }, 415,
       ""},
      {"11 MiB photo", [&] { return Submit(report, {big}); }, 413, ""},
      {"9 photos", [&] { return Submit(report, nine); }, 413, ""},
      {"truncated body",
       [&] {
         const std::string body =
             "--XyZ\r\nContent-Disposition: form-data; name=\"report\"\r\n"
             "Content-Type: application/json\r\n\r\n" +
             report +
             "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; "
             "filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n" +
             jpeg.substr(0, jpeg.size() / 2);
         return Client()->Post("/api/v1/inspections", Auth(Role::kInspector),
                               body, "multipart/form-data; boundary=XyZ");
       },
       400, ""},
  };
  for (const Case& c : cases) {
    auto res = c.send();
    ASSERT_TRUE(res) << c.what;
    ExpectProblem(res, c.status);
    if (!c.field.empty()) {
      EXPECT_EQ(Body(res)["errors"][0]["field"], c.field) << c.what;
    }
    ExpectNothingStored(c.what);
  }
  // The connection survives a refusal: the next good report goes through.
  auto good = Submit(report, {jpeg});
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 201) << good->body;
}

TEST_F(InspectionHttp, RetriesAndConcurrentDuplicatesStoreOneReport) {
  const std::string report = Report("r-retry").dump();
  const std::vector<std::string> photos = {testing::MakeJpeg(200, 200, 5),
                                           testing::MakeJpeg(200, 200, 6)};
  auto first =
      std::async(std::launch::async, [&] { return Submit(report, photos); });
  auto second =
      std::async(std::launch::async, [&] { return Submit(report, photos); });
  auto a = first.get();
  auto b = second.get();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(std::multiset<int>({a->status, b->status}),
            std::multiset<int>({200, 201}));
  EXPECT_EQ(Body(a), Body(b));
  auto third = Submit(report, photos);
  EXPECT_EQ(third->status, 200);
  EXPECT_EQ(Body(third), Body(a));
  ExpectProblem(
      Submit(Report("r-retry", {{"verdict", "compliant"}}).dump(), photos),
      409);
  EXPECT_EQ(Rows("inspections"), 1);
  EXPECT_EQ(Rows("cases"), 1);
  EXPECT_EQ(BlobFiles(), 2u);
}

TEST_F(InspectionHttp, AnEnterpriseSeesOnlyItsOwnReportsCasesAndPhotos) {
  const std::string own_photo = testing::MakeJpeg(64, 64, 7);
  const std::string other_photo = testing::MakeJpeg(64, 64, 8);
  auto own = Submit(Report("r-own").dump(), {own_photo});
  auto other = Submit(
      Report("r-other", {{"site", "site-1"},
                         {"location",
                          {{"lat", 44.16}, {"lon", 87.99}, {"accuracy_m", 5}}}})
          .dump(),
      {other_photo});
  ASSERT_EQ(own->status, 201);
  ASSERT_EQ(other->status, 201) << other->body;
  const std::string enterprise = tokens_[Role::kEnterprise];
  const std::string other_case = Body(other)["case_id"];
  ExpectProblem(Get("/api/v1/inspections/r-other", enterprise), 404);
  ExpectProblem(Get("/api/v1/cases/" + other_case, enterprise), 404);
  ExpectProblem(Get("/api/v1/photos/" + Sha256Hex(other_photo), enterprise),
                404);
  EXPECT_EQ(Get("/api/v1/inspections/r-own", enterprise)->status, 200);
  EXPECT_EQ(Get("/api/v1/photos/" + Sha256Hex(own_photo), enterprise)->status,
            200);
  auto listed = Get("/api/v1/inspections", enterprise);
  ASSERT_EQ(Body(listed).size(), 1u);
  EXPECT_EQ(Body(listed)[0]["id"], "r-own");
  auto cases = Get("/api/v1/cases", enterprise);
  ASSERT_EQ(Body(cases).size(), 1u);
  EXPECT_EQ(Body(cases)[0]["site"], "ent-1");
  // Schools see none of it; the office sees both.
  ExpectProblem(Get("/api/v1/inspections", tokens_[Role::kSchool]), 403);
  EXPECT_EQ(Body(Get("/api/v1/inspections", tokens_[Role::kOffice])).size(),
            2u);
  EXPECT_EQ(Body(Get("/api/v1/inspections?site=site-1", tokens_[Role::kOffice]))
                .size(),
            1u);
}

TEST_F(InspectionHttp, CaseActionsGeoJsonAndCsv) {
  const std::string warning_id = YellowWarning();
  auto submitted =
      Submit(Report("r-1", {{"warning_id", warning_id}}).dump(), {});
  ASSERT_EQ(submitted->status, 201) << submitted->body;
  const std::string case_id = Body(submitted)["case_id"];
  auto acted =
      Post("/api/v1/cases/" + case_id + "/actions", tokens_[Role::kCounty],
           R"({"action":"order_rectification","note":"限期整改"})",
           "application/json");
  ASSERT_EQ(acted->status, 200) << acted->body;
  EXPECT_EQ(Body(acted)["status"], "rectifying");
  ExpectProblem(
      Post("/api/v1/cases/" + case_id + "/actions", tokens_[Role::kCounty],
           R"({"action":"burn"})", "application/json"),
      400);
  auto geo = Get("/api/v1/inspections.geojson?verdict=non_compliant",
                 tokens_[Role::kOffice]);
  ASSERT_EQ(geo->status, 200);
  EXPECT_EQ(geo->get_header_value("Content-Type"), "application/geo+json");
  EXPECT_EQ(Body(geo)["type"], "FeatureCollection");
  EXPECT_EQ(Body(geo)["features"][0]["geometry"]["type"], "Point");
  ExpectProblem(Get("/api/v1/inspections?flag=bogus", tokens_[Role::kOffice]),
                400);
  auto csv = Get("/api/v1/inspections.csv?warning=" + warning_id,
                 tokens_[Role::kOffice]);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv->body.find("\r\nr-1,ent-1,"), std::string::npos);
}

// GET /photos/{sha256}?w=N: a scaled JPEG, no wider than asked, made once
// and kept; the original is untouched; a bad width names the field.
TEST_F(InspectionHttp, PhotoThumbnailsAreScaledAndKept) {
  const std::string photo = testing::MakeJpeg(1600, 1200, 7);
  auto submitted = Submit(Report("r-1").dump(), {photo});
  ASSERT_EQ(submitted->status, 201) << submitted->body;
  const std::string sha = Body(submitted)["photos"][0]["sha256"];
  const std::string path = "/api/v1/photos/" + sha;
  auto thumb = Get(path + "?w=300", tokens_[Role::kOffice]);
  ASSERT_EQ(thumb->status, 200) << thumb->body;
  EXPECT_EQ(thumb->get_header_value("Content-Type"), "image/jpeg");
  const auto size = testing::JpegSize(thumb->body);
  ASSERT_TRUE(size);
  EXPECT_EQ(size->first, 256);  // snapped down to a power of two
  EXPECT_EQ(size->second, 192);
  EXPECT_LT(thumb->body.size(), photo.size() / 4);
  EXPECT_TRUE(fs::exists(dir_.File("blobs/thumbs/" + sha + "-256.jpg")));
  auto again = Get(path + "?w=256", tokens_[Role::kOffice]);
  EXPECT_EQ(again->body, thumb->body);
  EXPECT_NE(again->get_header_value("ETag"),
            Get(path, tokens_[Role::kOffice])->get_header_value("ETag"));
  EXPECT_EQ(Get(path, tokens_[Role::kOffice])->body, photo);
  for (const char* bad : {"0", "1025", "abc", ""}) {
    auto res = Get(path + "?w=" + bad, tokens_[Role::kOffice]);
    ExpectProblem(res, 400);
    EXPECT_NE(res->body.find("\"w\""), std::string::npos) << bad;
  }
  ExpectProblem(Get("/api/v1/photos/" + std::string(64, 'a') + "?w=64",
                    tokens_[Role::kOffice]),
                404);
}

// A county sees and acts on the cases of its own area only.
TEST_F(InspectionHttp, ACountySeesOnlyItsAreasCases) {
  auto own = Submit(Report("r-1").dump(), {});
  auto other = Submit(
      Report("r-2", {{"site", "site-1"},
                     {"location",
                      {{"lat", 44.16}, {"lon", 87.99}, {"accuracy_m", 5}}}})
          .dump(),
      {});
  ASSERT_EQ(own->status, 201) << own->body;
  ASSERT_EQ(other->status, 201) << other->body;
  const std::string own_case = Body(own)["case_id"];
  const std::string other_case = Body(other)["case_id"];
  auto listed = Get("/api/v1/cases", tokens_[Role::kCounty]);
  ASSERT_EQ(Body(listed).size(), 1u) << listed->body;
  EXPECT_EQ(Body(listed)[0]["id"], own_case);
  EXPECT_EQ(Body(Get("/api/v1/cases", tokens_[Role::kOffice])).size(), 2u);
  EXPECT_EQ(Get("/api/v1/cases/" + own_case, tokens_[Role::kCounty])->status,
            200);
  ExpectProblem(Get("/api/v1/cases/" + other_case, tokens_[Role::kCounty]),
                404);
  ExpectProblem(
      Post("/api/v1/cases/" + other_case + "/actions", tokens_[Role::kCounty],
           R"({"action":"close","note":"x"})", "application/json"),
      404);
  // The board's tile counts the open cases of the reader's scope (issue 25).
  EXPECT_EQ(Body(Get("/api/v1/board", tokens_[Role::kCounty]))["cases_open"],
            1);
  EXPECT_EQ(Body(Get("/api/v1/board", tokens_[Role::kDisplay]))["cases_open"],
            2);
  ASSERT_EQ(
      Post("/api/v1/cases/" + own_case + "/actions", tokens_[Role::kCounty],
           R"({"action":"close","note":"已整改"})", "application/json")
          ->status,
      200);
  EXPECT_EQ(Body(Get("/api/v1/board", tokens_[Role::kOffice]))["cases_open"],
            1);
}

// Issue 10.7: a county's inspector closed another county's case with a
// compliant report and no photo, and cited another org's assignment; a
// county acting on another county's case got 403; paging cursors told
// whether another org's ids exist.
TEST_F(InspectionHttp, ObjectLevelAuthorization) {
  Accounts accounts(*store_, clock_);
  auto county_inspector = accounts.Create(
      {"county-inspector", "inspector", "county-652301", "password-ci-1"},
      "test");
  ASSERT_TRUE(county_inspector.ok());
  const httplib::Headers county_auth = {
      {"Authorization", "Bearer " + county_inspector.value().token}};
  auto submit_as = [&](const httplib::Headers& auth, const json& report,
                       const std::vector<std::string>& photos) {
    httplib::MultipartFormDataItems items = {
        {"report", report.dump(), "", "application/json"}};
    for (const std::string& photo : photos) {
      items.push_back({"photo", photo, "p.jpg", "image/jpeg"});
    }
    return Client()->Post("/api/v1/inspections", auth, items);
  };
  const json at_site_1 = {
      {"site", "site-1"},
      {"location", {{"lat", 44.16}, {"lon", 87.99}, {"accuracy_m", 5}}}};
  json failed = Report("r-fail", at_site_1);
  auto opened = Submit(failed.dump(), {testing::MakeJpeg(32, 32, 1)});
  ASSERT_EQ(opened->status, 201) << opened->body;
  const std::string case_id = Body(opened)["case_id"];
  const std::string case_path = "/api/v1/cases/" + case_id;
  ASSERT_EQ(Post(case_path + "/actions", tokens_[Role::kOffice],
                 R"({"action":"order_rectification","note":"整改"})",
                 "application/json")
                ->status,
            200);
  json compliant = Report("r-county", at_site_1);
  compliant["verdict"] = "compliant";
  compliant["checklist"][0]["result"] = "pass";
  // Another county's site: refused, nothing changes.
  ExpectProblem(
      submit_as(county_auth, compliant, {testing::MakeJpeg(32, 32, 2)}), 403);
  // The county org of 652301 acting on a case of 652302: as if none.
  ExpectProblem(Post(case_path + "/actions", tokens_[Role::kCounty],
                     R"({"action":"close","note":"x"})", "application/json"),
                404);
  // Allowed inspector, no photo: stored, the case stays open for rectifying.
  compliant["id"] = "r-nophoto";
  auto bare = Submit(compliant.dump(), {});
  ASSERT_EQ(bare->status, 201) << bare->body;
  EXPECT_FALSE(Body(bare).contains("case_id"));
  EXPECT_EQ(Body(Get(case_path, tokens_[Role::kOffice]))["status"],
            "rectifying");
  // Another org's assignment cannot be cited.
  const std::string warning_id = YellowWarning();
  auto assignment = Post("/api/v1/assignments", tokens_[Role::kOffice],
                         json({{"inspector_org", "group-inspection"},
                               {"sites", {"ent-1"}},
                               {"warning_id", warning_id},
                               {"due_at", "2026-12-01T18:00:00+08:00"}})
                             .dump(),
                         "application/json");
  ASSERT_EQ(assignment->status, 201) << assignment->body;
  json cited = Report("r-cited", {{"assignment_id", Body(assignment)["id"]}});
  auto refused = submit_as(county_auth, cited, {});
  ExpectProblem(refused, 400);
  EXPECT_EQ(Body(refused)["errors"][0]["field"], "report.assignment_id");
  // The allowed inspector with a photo closes it.
  compliant["id"] = "r-close";
  auto closing = Submit(compliant.dump(), {testing::MakeJpeg(32, 32, 3)});
  ASSERT_EQ(closing->status, 201) << closing->body;
  EXPECT_EQ(Body(Get(case_path, tokens_[Role::kOffice]))["status"], "closed");
  // An enterprise's cursor: another site's id answers like a missing one.
  const std::string enterprise = tokens_[Role::kEnterprise];
  auto own = Submit(Report("r-own").dump(), {});
  ASSERT_EQ(own->status, 201) << own->body;
  for (const char* list : {"/api/v1/inspections", "/api/v1/cases"}) {
    auto hidden = Get(std::string(list) + "?before=r-fail", enterprise);
    auto missing = Get(std::string(list) + "?before=no-such-id", enterprise);
    ExpectProblem(hidden, 400);
    EXPECT_EQ(Body(hidden)["errors"][0]["field"], "before");
    EXPECT_EQ(hidden->status, missing->status);
  }
  EXPECT_EQ(Get("/api/v1/inspections?before=r-own", enterprise)->status, 200);
  EXPECT_EQ(
      Get("/api/v1/cases?before=" + case_id, tokens_[Role::kOffice])->status,
      200);
}

}  // namespace
}  // namespace hazegate
