// Inspection reports, photos, evidence flags, cases and assignments on real
// SQLite files, a real blob directory and real JPEGs, with a fake clock (no
// broker: queued orders are read from the outbox).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <future>

#include "hazegate/core/ids.h"
#include "hazegate/core/store.h"
#include "hazegate/inspection/assignments.h"
#include "hazegate/inspection/cases.h"
#include "hazegate/inspection/inspections.h"
#include "hazegate/orders/deadlines.h"
#include "hazegate/warnings/warnings.h"
#include "json_adapters.h"
#include "mqtt_support.h"
#include "photos.h"
#include "support.h"

namespace hazegate {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// ent-1 is at (44.01, 87.30) with a 300 m geofence (SmallPlan).
json Report(const std::string& id, json extra = json::object()) {
  json report = {
      {"id", id},
      {"site", "ent-1"},
      {"captured_at", "2026-12-01T10:00:00+08:00"},
      {"location", {{"lat", 44.0101}, {"lon", 87.3001}, {"accuracy_m", 8}}},
      {"checklist",
       {{{"item", "生产线停产"}, {"result", "fail"}, {"note", "仍在运行"}}}},
      {"verdict", "non_compliant"},
      {"findings", "二号窑未停"}};
  report.update(extra);
  return report;
}

TEST(InspectionReport, ParsesAValidReport) {
  auto parsed = ParseInspectionReport(Report("r-1").dump());
  ASSERT_TRUE(parsed.ok()) << parsed.error().external_text;
  EXPECT_EQ(parsed.value().site, "ent-1");
  EXPECT_DOUBLE_EQ(parsed.value().location.lat, 44.0101);
  ASSERT_EQ(parsed.value().checklist.size(), 1u);
  EXPECT_EQ(parsed.value().checklist[0].result, "fail");
  EXPECT_EQ(FormatRfc3339(parsed.value().captured_at),
            "2026-12-01T10:00:00+08:00");
}

TEST(InspectionReport, NamesEveryBadField) {
  json bad = Report("r 1", {{"location", {{"lat", 91}, {"lon", 87.3}}},
                            {"verdict", "maybe"},
                            {"captured_at", "yesterday"}});
  bad["checklist"][0]["result"] = "ok";
  bad.erase("site");
  auto parsed = ParseInspectionReport(bad.dump());
  ASSERT_FALSE(parsed.ok());
  std::set<std::string> fields;
  for (const FieldError& e : parsed.error().fields) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{
                        "report.id", "report.site", "report.captured_at",
                        "report.location.lat", "report.location.accuracy_m",
                        "report.checklist[0].result", "report.verdict"}));
}

// Issue 10.3: unknown fields were kept and written back with a recursive
// dump; 120,000 levels of "x": [[[…]]] crashed the server.
TEST(InspectionReport, RefusesUnknownFieldsAndDeepNesting) {
  json extra = Report("r-1");
  extra["x"] = 1;
  extra["location"]["altitude"] = 3;
  extra["checklist"][0]["photo"] = "a";
  auto parsed = ParseInspectionReport(extra.dump());
  ASSERT_FALSE(parsed.ok());
  std::set<std::string> fields;
  for (const FieldError& e : parsed.error().fields) fields.insert(e.field);
  EXPECT_EQ(fields,
            (std::set<std::string>{"report.x", "report.location.altitude",
                                   "report.checklist[0].photo"}));
  std::string deep = Report("r-2").dump();
  deep.pop_back();
  deep +=
      ",\"x\":" + std::string(1000000, '[') + std::string(1000000, ']') + "}";
  parsed = ParseInspectionReport(deep);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().fields.at(0).field, "report");
  EXPECT_NE(parsed.error().fields.at(0).message.find("deeper than 64"),
            std::string::npos);
}

TEST(InspectionReport, RefusesTextThatIsNotAnObject) {
  for (const char* text : {"", "{", "[1]", "\"x\""}) {
    auto parsed = ParseInspectionReport(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().fields.at(0).field, "report");
  }
}

TEST(Photo, DecodesARealJpegAndReadsExif) {
  const std::string jpeg = testing::MakeJpeg(
      64, 48, 1, testing::ExifTags{"2026:12:01 10:02:00", 44.01, 87.30});
  auto facts = InspectJpeg(reinterpret_cast<const unsigned char*>(jpeg.data()),
                           jpeg.size());
  ASSERT_TRUE(facts.ok()) << facts.error().external_text;
  EXPECT_EQ(facts.value().width, 64);
  EXPECT_EQ(facts.value().height, 48);
  ASSERT_TRUE(facts.value().taken_at);
  EXPECT_EQ(FormatRfc3339(*facts.value().taken_at),
            "2026-12-01T10:02:00+08:00");
  ASSERT_TRUE(facts.value().location);
  EXPECT_NEAR(facts.value().location->lat, 44.01, 1e-5);
  EXPECT_NEAR(facts.value().location->lon, 87.30, 1e-5);
}

TEST(Photo, WithoutExifHasNoTimeOrPlace) {
  const std::string jpeg = testing::MakeJpeg(32, 32, 2);
  auto facts = InspectJpeg(reinterpret_cast<const unsigned char*>(jpeg.data()),
                           jpeg.size());
  ASSERT_TRUE(facts.ok());
  EXPECT_FALSE(facts.value().taken_at);
  EXPECT_FALSE(facts.value().location);
}

TEST(Photo, RefusesPngTruncatedAndGarbage) {
  const std::string png = testing::TinyPng();
  const std::string jpeg = testing::MakeJpeg(256, 256, 3);
  const std::string truncated = jpeg.substr(0, jpeg.size() / 2);
  std::string corrupt = jpeg;
  for (size_t i = corrupt.size() / 2; i < corrupt.size() - 2; ++i) {
    corrupt[i] = static_cast<char>(0xFF);
  }
  const std::vector<const std::string*> inputs = {&png, &truncated, &corrupt};
  for (const std::string* bytes : inputs) {
    auto facts = InspectJpeg(
        reinterpret_cast<const unsigned char*>(bytes->data()), bytes->size());
    ASSERT_FALSE(facts.ok());
    EXPECT_EQ(facts.error().kind, ErrorKind::kUnsupportedMedia);
  }
}

// Issue 10.4: a progressive JPEG of 2080 scans was decoded for seconds
// and accepted; a 20000 x 20000 header asks for 400 megapixels.
TEST(Photo, RefusesDecoderBombsFast) {
  const std::string bomb = testing::MakeProgressive(1024, 1024, true);
  auto facts = InspectJpeg(reinterpret_cast<const unsigned char*>(bomb.data()),
                           bomb.size());
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.error().kind, ErrorKind::kUnsupportedMedia);
  // Counted from the markers before decoding (libjpeg's own limit, 500
  // scans, would have decoded 500 of them first).
  EXPECT_NE(facts.error().external_text.find("more than 100 scans"),
            std::string::npos)
      << facts.error().external_text;
  const std::string huge = testing::JpegClaiming(20000, 20000);
  facts = InspectJpeg(reinterpret_cast<const unsigned char*>(huge.data()),
                      huge.size());
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.error().kind, ErrorKind::kPayloadTooLarge);
  EXPECT_NE(facts.error().external_text.find("50 megapixels"),
            std::string::npos);
}

TEST(Photo, AcceptsAnOrdinaryProgressiveJpeg) {
  const std::string jpeg = testing::MakeProgressive(640, 480, false);
  auto facts = InspectJpeg(reinterpret_cast<const unsigned char*>(jpeg.data()),
                           jpeg.size());
  ASSERT_TRUE(facts.ok()) << facts.error().external_text;
  EXPECT_EQ(facts.value().width, 640);
}

size_t FilesUnder(const fs::path& dir) {
  size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    count += entry.is_regular_file();
  }
  return count;
}

TEST(BlobStore, StoresContentOnceUnderItsHash) {
  testing::TempDir dir;
  auto blobs = BlobStore::Open(dir.File("blobs"));
  ASSERT_TRUE(blobs.ok());
  for (int i = 0; i < 2; ++i) {
    auto upload = blobs.value()->Begin();
    ASSERT_TRUE(upload.ok());
    ASSERT_TRUE(upload.value()->Append("hello ", 6).ok());
    ASSERT_TRUE(upload.value()->Append("world", 5).ok());
    ASSERT_TRUE(upload.value()->Finish().ok());
    EXPECT_EQ(upload.value()->sha256(), Sha256Hex("hello world"));
    auto created = blobs.value()->Publish(*upload.value());
    ASSERT_TRUE(created.ok());
    EXPECT_EQ(created.value(), i == 0);
  }
  EXPECT_EQ(blobs.value()->Read(Sha256Hex("hello world")).value(),
            "hello world");
  EXPECT_EQ(FilesUnder(dir.File("blobs")), 1u);
}

// Issue 10.8: whatever the umask, photos are the server's alone.
TEST(BlobStore, FoldersAndPhotosAreOwnerOnly) {
  testing::TempDir dir;
  const mode_t previous = umask(022);
  auto blobs = BlobStore::Open(dir.File("blobs"));
  ASSERT_TRUE(blobs.ok());
  auto upload = blobs.value()->Begin();
  ASSERT_TRUE(upload.ok());
  ASSERT_TRUE(upload.value()->Append("evidence", 8).ok());
  ASSERT_TRUE(upload.value()->Finish().ok());
  ASSERT_TRUE(blobs.value()->Publish(*upload.value()).ok());
  umask(previous);
  const std::string sha = Sha256Hex("evidence");
  for (const std::string& path :
       {dir.File("blobs"), dir.File("blobs/tmp"),
        dir.File("blobs/" + sha.substr(0, 2)),
        dir.File("blobs/" + sha.substr(0, 2) + "/" + sha)}) {
    struct stat info {};
    ASSERT_EQ(stat(path.c_str(), &info), 0) << path;
    EXPECT_EQ(info.st_mode & 0077, 0u) << path;
  }
}

TEST(BlobStore, AnUnpublishedUploadLeavesNothing) {
  testing::TempDir dir;
  auto blobs = BlobStore::Open(dir.File("blobs"));
  {
    auto upload = blobs.value()->Begin();
    ASSERT_TRUE(upload.value()->Append("abc", 3).ok());
    EXPECT_EQ(FilesUnder(dir.File("blobs")), 1u);
  }
  EXPECT_EQ(FilesUnder(dir.File("blobs")), 0u);
  EXPECT_EQ(blobs.value()->Read("../../etc/passwd").error().kind,
            ErrorKind::kNotFound);
}

class SubmissionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    blobs_ = std::move(BlobStore::Open(dir_.File("blobs"))).value();
  }

  // Feeds parts (name, type, bytes) in chunks of 1000 bytes.
  Result<Submission> Build(
      const std::vector<std::tuple<std::string, std::string, std::string>>&
          parts) {
    SubmissionBuilder builder(*blobs_);
    for (const auto& [name, type, bytes] : parts) {
      builder.BeginPart(name, type);
      for (size_t at = 0; at < bytes.size(); at += 1000) {
        builder.Append(bytes.data() + at,
                       std::min<size_t>(1000, bytes.size() - at));
      }
    }
    return builder.Finish();
  }

  testing::TempDir dir_;
  std::unique_ptr<BlobStore> blobs_;
};

TEST_F(SubmissionTest, ReadsReportAndPhotos) {
  const std::string jpeg = testing::MakeJpeg(80, 60, 4);
  auto built = Build({{"photo", "image/jpeg", jpeg},
                      {"report", "application/json", Report("r-1").dump()},
                      {"photo", "image/jpeg", testing::MakeJpeg(40, 30, 5)}});
  ASSERT_TRUE(built.ok()) << built.error().external_text;
  ASSERT_EQ(built.value().photos.size(), 2u);
  EXPECT_EQ(built.value().photos[0].sha256(), Sha256Hex(jpeg));
  EXPECT_EQ(built.value().photos[0].bytes(), jpeg.size());
  EXPECT_EQ(built.value().photos[1].facts.width, 40);
  EXPECT_EQ(built.value().report.id, "r-1");
}

TEST_F(SubmissionTest, RefusesBadBodiesAndLeavesNoFile) {
  const std::string report = Report("r-1").dump();
  const std::string jpeg = testing::MakeJpeg(16, 16, 6);
  std::vector<std::tuple<std::string, std::string, std::string>> nine = {
      {"report", "application/json", report}};
  for (int i = 0; i < 9; ++i) nine.emplace_back("photo", "image/jpeg", jpeg);
  const struct {
    std::vector<std::tuple<std::string, std::string, std::string>> parts;
    ErrorKind kind;
  } cases[] = {
      {{{"photo", "image/jpeg", jpeg}}, ErrorKind::kInvalidInput},
      {{{"report", "application/json", "{"}}, ErrorKind::kInvalidInput},
      {{{"report", "application/json", report},
        {"photo", "image/jpeg", testing::TinyPng()}},
       ErrorKind::kUnsupportedMedia},
      {{{"report", "application/json", report},
        {"photo", "image/png", testing::TinyPng()}},
       ErrorKind::kUnsupportedMedia},
      {{{"report", "application/json", report},
        {"photo", "image/jpeg", std::string(10 * 1024 * 1024 + 1, 'x')}},
       ErrorKind::kPayloadTooLarge},
      {nine, ErrorKind::kPayloadTooLarge},
      {{{"report", "application/json", report}, {"extra", "", "x"}},
       ErrorKind::kInvalidInput},
      {{{"report", "application/json", report},
        {"report", "application/json", report}},
       ErrorKind::kInvalidInput},
  };
  for (const auto& c : cases) {
    auto built = Build(c.parts);
    ASSERT_FALSE(built.ok());
    EXPECT_EQ(built.error().kind, c.kind) << built.error().external_text;
    EXPECT_EQ(FilesUnder(dir_.File("blobs")), 0u);
  }
}

TEST_F(SubmissionTest, AKnownPhotoIsNotDecodedAgain) {
  const std::string stored = "bytes stored and decoded earlier";
  SubmissionBuilder builder(
      *blobs_, {}, [&](const std::string& sha256) -> std::optional<PhotoFacts> {
        if (sha256 != Sha256Hex(stored)) return std::nullopt;
        return PhotoFacts{640, 480, std::nullopt, std::nullopt};
      });
  const std::string report = Report("r-1").dump();
  builder.BeginPart("report", "application/json");
  builder.Append(report.data(), report.size());
  builder.BeginPart("photo", "image/jpeg");
  builder.Append(stored.data(), stored.size());
  auto built = builder.Finish();
  ASSERT_TRUE(built.ok()) << built.error().external_text;
  EXPECT_EQ(built.value().photos[0].facts.width, 640);
  // Unknown bytes are decoded, and these do not decode.
  SubmissionBuilder other(*blobs_, {}, [](const std::string&) {
    return std::optional<PhotoFacts>();
  });
  other.BeginPart("report", "application/json");
  other.Append(report.data(), report.size());
  other.BeginPart("photo", "image/jpeg");
  other.Append(stored.data(), stored.size());
  EXPECT_EQ(other.Finish().error().kind, ErrorKind::kUnsupportedMedia);
}

class InspectionServiceTest : public ::testing::Test {
 protected:
  InspectionServiceTest()
      : store_(testing::StoreWithPlan(dir_, clock_)),
        blobs_(std::move(BlobStore::Open(dir_.File("blobs"))).value()),
        inspections_(*store_, *blobs_, clock_),
        case_service_(*store_, clock_, [this] { ++wakes_; }),
        assignment_service_(*store_, clock_, [this] { ++wakes_; }),
        service_(*store_, clock_, [] {}) {}

  Result<testing::JsonOutcome> Submit(
      const json& report, const std::vector<std::string>& photos = {}) {
    SubmissionBuilder builder(*blobs_);
    builder.BeginPart("report", "application/json");
    const std::string text = report.dump();
    builder.Append(text.data(), text.size());
    for (const std::string& photo : photos) {
      builder.BeginPart("photo", "image/jpeg");
      builder.Append(photo.data(), photo.size());
    }
    auto submission = builder.Finish();
    if (!submission.ok()) return submission.error();
    return json_inspections_.Submit(std::move(submission).value(), inspector_);
  }

  json Flags(const json& body) { return body["flags"]; }

  std::string YellowWarning() {
    auto created = warnings_.Create({{"level", "yellow"},
                                     {"areas", {"652301", "652302"}},
                                     {"starts_at", "2026-12-01T08:00:00+08:00"},
                                     {"ends_at", "2026-12-03T08:00:00+08:00"},
                                     {"reason", "PM2.5"}},
                                    {"office-user", "office"});
    EXPECT_TRUE(created.ok());
    return created.value()["id"];
  }

  int64_t Count(const std::string& table) {
    auto lease = store_->Acquire();
    return lease.db().execAndGet("SELECT count(*) FROM " + table).getInt64();
  }

  std::vector<json> OutboxOrders(const std::string& org) {
    auto lease = store_->Acquire();
    SQLite::Statement query(
        lease.db(),
        "SELECT payload FROM outbox WHERE 'hg/' || address = ? "
        "ORDER BY seq");
    query.bind(1, "hg/orgs/" + org + "/orders");
    std::vector<json> orders;
    while (query.executeStep()) {
      orders.push_back(json::parse(query.getColumn(0).getString()));
    }
    return orders;
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<BlobStore> blobs_;
  InspectionService inspections_;
  testing::JsonInspections json_inspections_{inspections_};
  CaseService case_service_;
  testing::JsonCases cases_{case_service_};
  AssignmentService assignment_service_;
  testing::JsonAssignments assignments_{assignment_service_, clock_};
  WarningService service_;
  testing::JsonWarnings warnings_{service_};
  Actor inspector_{"inspector-1", "group-inspection"};
  Actor office_{"office-user", "office"};
  int wakes_ = 0;
};

TEST_F(InspectionServiceTest, CleanReportHasNoFlagsAndOpensACase) {
  const std::string warning = YellowWarning();
  clock_.Advance(std::chrono::hours(3));
  const std::string photo = testing::MakeJpeg(
      64, 64, 7, testing::ExifTags{"2026:12:01 10:01:00", 44.0101, 87.3001});
  auto submitted = Submit(Report("r-1", {{"warning_id", warning}}), {photo});
  ASSERT_TRUE(submitted.ok()) << submitted.error().external_text;
  const json& body = submitted.value().body;
  EXPECT_TRUE(submitted.value().created);
  EXPECT_EQ(Flags(body), json::array());
  EXPECT_TRUE(body["location_check"]["within_geofence"]);
  EXPECT_LT(body["location_check"]["distance_m"].get<double>(), 20);
  EXPECT_EQ(body["photos"][0]["sha256"], Sha256Hex(photo));
  ASSERT_TRUE(body.contains("case_id"));
  auto opened = cases_.Get(body["case_id"], "", "");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened.value()["status"], "open");
  EXPECT_EQ(opened.value()["type"], "inspection");
  EXPECT_EQ(opened.value()["reports"], json::array({"r-1"}));
  EXPECT_TRUE(blobs_->Exists(Sha256Hex(photo)));
}

TEST_F(InspectionServiceTest, StoredPhotosKeepTheirFactsForRetries) {
  const std::string photo = testing::MakeJpeg(
      96, 64, 13, testing::ExifTags{"2026:12:01 09:58:00", 44.0101, 87.3001});
  auto first = Submit(Report("r-1"), {photo});
  ASSERT_TRUE(first.ok());
  const auto decoded = InspectJpeg(
      reinterpret_cast<const unsigned char*>(photo.data()), photo.size());
  const auto stored = inspections_.StoredPhoto(Sha256Hex(photo));
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->width, 96);
  EXPECT_EQ(stored->height, 64);
  EXPECT_EQ(stored->taken_at, decoded.value().taken_at);
  ASSERT_TRUE(stored->location);
  EXPECT_NEAR(stored->location->lat, decoded.value().location->lat, 1e-9);
  EXPECT_FALSE(inspections_.StoredPhoto(Sha256Hex("other")));
}

TEST_F(InspectionServiceTest, EachEvidenceFlag) {
  const std::string warning = YellowWarning();
  clock_.Advance(std::chrono::hours(3));
  // 2 km away, EXIF 5 km from the reported point and 3 hours off, and
  // captured after the warning ended.
  const std::string photo = testing::MakeJpeg(
      32, 32, 8, testing::ExifTags{"2026:12:04 13:00:00", 44.06, 87.30});
  auto flagged = Submit(
      Report("r-1", {{"warning_id", warning},
                     {"captured_at", "2026-12-04T10:00:00+08:00"},
                     {"location",
                      {{"lat", 44.028}, {"lon", 87.30}, {"accuracy_m", 10}}}}),
      {photo});
  ASSERT_TRUE(flagged.ok()) << flagged.error().external_text;
  EXPECT_EQ(Flags(flagged.value().body),
            json::array({"outside_geofence", "exif_location_mismatch",
                         "exif_time_mismatch", "outside_warning_period"}));
  EXPECT_FALSE(flagged.value().body["location_check"]["within_geofence"]);
  // The same photo in another report, and a photo dated in the future.
  const std::string future = testing::MakeJpeg(
      32, 32, 9,
      testing::ExifTags{"2027:01:01 10:00:00", std::nullopt, std::nullopt});
  auto reused = Submit(Report("r-2"), {photo, future});
  ASSERT_TRUE(reused.ok());
  EXPECT_EQ(Flags(reused.value().body),
            json::array({"exif_location_mismatch", "exif_time_mismatch",
                         "photo_reused"}));
  EXPECT_NE(reused.value()
                .body["flag_details"]["photo_reused"]
                .get<std::string>()
                .find("r-1"),
            std::string::npos);
  InspectionFilter by_flag;
  by_flag.flag = "photo_reused";
  EXPECT_EQ(json_inspections_.List(by_flag).value().size(), 1u);
  by_flag.flag = "outside_geofence";
  EXPECT_EQ(json_inspections_.List(by_flag).value()[0]["id"], "r-1");
}

TEST_F(InspectionServiceTest, RetriesAreIdempotentAndOtherContentConflicts) {
  const std::string photo = testing::MakeJpeg(32, 32, 10);
  auto first = Submit(Report("r-1"), {photo});
  ASSERT_TRUE(first.ok());
  auto again = Submit(Report("r-1"), {photo});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again.value().created);
  EXPECT_EQ(again.value().body, first.value().body);
  auto changed = Submit(Report("r-1", {{"verdict", "compliant"}}), {photo});
  ASSERT_FALSE(changed.ok());
  EXPECT_EQ(changed.error().kind, ErrorKind::kConflict);
  auto other_photo = Submit(Report("r-1"), {testing::MakeJpeg(32, 32, 11)});
  ASSERT_FALSE(other_photo.ok());
  EXPECT_EQ(other_photo.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(Count("inspections"), 1);
  EXPECT_EQ(Count("photos"), 1);
  EXPECT_EQ(FilesUnder(dir_.File("blobs")), 1u);
}

TEST_F(InspectionServiceTest, RefusedReportsStoreNothing) {
  const std::string photo = testing::MakeJpeg(32, 32, 12);
  auto unknown = Submit(Report("r-1", {{"site", "nope"}}), {photo});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
  auto school = Submit(Report("r-2", {{"site", "sch-1"}}), {photo});
  EXPECT_EQ(school.error().fields.at(0).field, "report.site");
  auto no_warning = Submit(Report("r-3", {{"warning_id", "w-nope"}}), {photo});
  EXPECT_EQ(no_warning.error().fields.at(0).field, "report.warning_id");
  EXPECT_EQ(Count("inspections"), 0);
  EXPECT_EQ(Count("photos"), 0);
  EXPECT_EQ(Count("cases"), 0);
  EXPECT_EQ(FilesUnder(dir_.File("blobs")), 0u);
}

TEST_F(InspectionServiceTest, CaseLifecycleToRectificationAndReinspection) {
  const std::string warning = YellowWarning();
  auto report = Submit(Report("r-1", {{"warning_id", warning}}));
  const std::string case_id = report.value().body["case_id"];
  // A second violation joins the same case.
  auto second = Submit(Report("r-2", {{"warning_id", warning}}));
  EXPECT_EQ(second.value().body["case_id"], case_id);
  // The county of another area may not act (the case is as if none); the
  // office may.
  auto outside = cases_.Act(case_id, {{"action", "close"}, {"note", "x"}},
                            {"county-user", "county-652302"}, "652302");
  EXPECT_EQ(outside.error().kind, ErrorKind::kNotFound);
  auto no_note = cases_.Act(case_id, {{"action", "close"}}, office_, "");
  EXPECT_EQ(no_note.error().fields.at(0).field, "note");
  const int wakes = wakes_;
  auto rectify = cases_.Act(case_id,
                            {{"action", "order_rectification"},
                             {"note", "立即停产整改"},
                             {"due_at", "2026-12-02T08:00:00+08:00"}},
                            {"county-user", "county-652301"}, "652301");
  ASSERT_TRUE(rectify.ok()) << rectify.error().external_text;
  EXPECT_EQ(rectify.value()["status"], "rectifying");
  EXPECT_EQ(wakes_, wakes + 1);
  const auto orders = OutboxOrders("ent-1");
  ASSERT_FALSE(orders.empty());
  EXPECT_EQ(orders.back()["kind"], "rectification");
  EXPECT_EQ(orders.back()["id"], rectify.value()["actions"][0]["order_id"]);
  // A compliant re-inspection with a photo closes it with that report as
  // evidence.
  auto compliant = Submit(Report("r-3", {{"verdict", "compliant"}}),
                          {testing::MakeJpeg(32, 32, 21)});
  ASSERT_TRUE(compliant.ok());
  EXPECT_EQ(compliant.value().body["case_id"], case_id);
  auto closed = cases_.Get(case_id, "", "");
  EXPECT_EQ(closed.value()["status"], "closed");
  EXPECT_EQ(closed.value()["evidence"], "r-3");
  EXPECT_EQ(closed.value()["reports"], json::array({"r-1", "r-2", "r-3"}));
  ASSERT_EQ(closed.value()["actions"].size(), 2u);
  EXPECT_EQ(closed.value()["actions"][1]["action"], "close");
  auto after =
      cases_.Act(case_id, {{"action", "close"}, {"note", "x"}}, office_, "");
  EXPECT_EQ(after.error().kind, ErrorKind::kConflict);
  // Audit trail: open, rectification, close.
  auto lease = store_->Acquire();
  EXPECT_EQ(
      lease.db()
          .execAndGet("SELECT count(*) FROM audit_log WHERE object_id = '" +
                      case_id + "'")
          .getInt(),
      3);
}

TEST_F(InspectionServiceTest, SilenceJoinsTheSitesOpenCase) {
  const std::string warning = YellowWarning();
  auto report = Submit(Report("r-1", {{"warning_id", warning}}));
  ASSERT_TRUE(report.ok());
  clock_.Advance(std::chrono::hours(48));
  DeadlineScheduler deadlines(*store_, clock_, &CaseService::OpenForSilence);
  ASSERT_GT(deadlines.Tick().value(), 0);
  EXPECT_EQ(Count("cases"), 1) << "no second case for ent-1 and the warning";
  // Once that case is closed, silence under another warning opens one.
  ASSERT_TRUE(cases_
                  .Act(report.value().body["case_id"],
                       {{"action", "close"}, {"note", "已整改"}}, office_, "")
                  .ok());
  const std::string second = YellowWarning();
  clock_.Advance(std::chrono::hours(48));
  ASSERT_GT(deadlines.Tick().value(), 0);
  auto lease = store_->Acquire();
  EXPECT_EQ(lease.db()
                .execAndGet("SELECT count(*) FROM cases WHERE type = 'no_ack' "
                            "AND warning_id = '" +
                            second + "'")
                .getInt(),
            1);
}

TEST_F(InspectionServiceTest, PenaltyAndReferral) {
  const std::string case_id = Submit(Report("r-1")).value().body["case_id"];
  auto penalized = cases_.Act(
      case_id, {{"action", "record_penalty"}, {"note", "罚款 20 万元"}},
      office_, "");
  EXPECT_EQ(penalized.value()["status"], "penalized");
  auto rectify = cases_.Act(
      case_id, {{"action", "order_rectification"}, {"note", "x"}}, office_, "");
  EXPECT_EQ(rectify.error().kind, ErrorKind::kConflict);
  auto referred = cases_.Act(
      case_id, {{"action", "refer_discipline"}, {"note", "移送纪委监委"}},
      office_, "");
  EXPECT_EQ(referred.value()["status"], "penalized");
  EXPECT_EQ(referred.value()["actions"].size(), 2u);
  CaseFilter own;
  own.visible_site = "ent-1";
  EXPECT_EQ(cases_.List(own).value().size(), 1u);
  own.visible_site = "site-1";
  EXPECT_EQ(cases_.List(own).value().size(), 0u);
  EXPECT_EQ(cases_.Get(case_id, "site-1", "").error().kind,
            ErrorKind::kNotFound);
}

TEST_F(InspectionServiceTest, AssignmentsArePushedAsOrders) {
  const std::string warning = YellowWarning();
  auto created = assignments_.Create({{"inspector_org", "group-inspection"},
                                      {"sites", {"ent-1", "site-1"}},
                                      {"warning_id", warning},
                                      {"due_at", "2026-12-01T18:00:00+08:00"}},
                                     office_);
  ASSERT_TRUE(created.ok()) << created.error().external_text;
  // After the group's own task list from the warning's fan-out.
  const auto orders = OutboxOrders("group-inspection");
  ASSERT_EQ(orders.size(), 2u);
  EXPECT_EQ(orders[1]["kind"], "inspection_assignment");
  EXPECT_EQ(orders[1]["measures"][1]["site"], "site-1");
  EXPECT_EQ(orders[1]["id"], created.value()["order_id"]);
  auto bad = assignments_.Create({{"inspector_org", "ent-1"},
                                  {"sites", {"sch-1"}},
                                  {"warning_id", warning},
                                  {"due_at", "2026-11-01T18:00:00+08:00"}},
                                 office_);
  ASSERT_FALSE(bad.ok());
  std::set<std::string> fields;
  for (const FieldError& e : bad.error().fields) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"due_at"}));
  auto school = assignments_.Create({{"inspector_org", "group-inspection"},
                                     {"sites", {"sch-1"}},
                                     {"warning_id", warning},
                                     {"due_at", "2026-12-01T18:00:00+08:00"}},
                                    office_);
  EXPECT_EQ(school.error().fields.at(0).field, "sites[0]");
  // A report made under the assignment takes its warning.
  auto report =
      Submit(Report("r-1", {{"assignment_id", created.value()["id"]}}));
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report.value().body["warning_id"], warning);
}

TEST_F(InspectionServiceTest, SuggestionsRankWithReasons) {
  const std::string warning = YellowWarning();
  ASSERT_TRUE(Submit(Report("r-old", {{"warning_id", warning}})).ok());
  auto ranked = assignments_.Suggestions(warning, 10);
  ASSERT_TRUE(ranked.ok());
  ASSERT_EQ(ranked.value().size(), 2u);
  // ent-1: grade C, order not acknowledged, a past violation, an open case.
  EXPECT_EQ(ranked.value()[0]["site"], "ent-1");
  const json& reasons = ranked.value()[0]["reasons"];
  const std::string text = reasons.dump(-1, ' ', false);
  EXPECT_NE(text.find("绩效分级C级"), std::string::npos) << text;
  EXPECT_NE(text.find("指令尚未确认"), std::string::npos) << text;
  EXPECT_NE(text.find("未结案件"), std::string::npos) << text;
  EXPECT_EQ(ranked.value()[1]["site"], "site-1");
  EXPECT_GT(ranked.value()[0]["score"], ranked.value()[1]["score"]);
  EXPECT_EQ(assignments_.Suggestions("w-nope", 10).error().kind,
            ErrorKind::kNotFound);
}

TEST_F(InspectionServiceTest, CsvAndGeoJson) {
  const std::string warning = YellowWarning();
  ASSERT_TRUE(
      Submit(Report("r-1", {{"warning_id", warning},
                            {"findings", "=HYPERLINK(\"x\"),\"引号\""}}))
          .ok());
  auto csv = inspections_.Csv(warning);
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv.value().substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.value().find("r-1,ent-1,示例水泥有限公司,"), std::string::npos);
  EXPECT_NE(csv.value().find("\"'=HYPERLINK(\"\"x\"\"),\"\"引号\"\"\"\r\n"),
            std::string::npos);
  auto geo = json_inspections_.GeoJson({});
  ASSERT_TRUE(geo.ok());
  EXPECT_EQ(geo.value()["features"][0]["geometry"]["coordinates"],
            json::array({87.3001, 44.0101}));
  EXPECT_EQ(inspections_.Csv("w-nope").error().kind, ErrorKind::kNotFound);
}

// Issue 10.10: photos were renamed into place, with a directory fsync per
// photo, inside BEGIN IMMEDIATE, so every writer waited on the disk. Now
// they are published while another writer holds the lock.
TEST_F(InspectionServiceTest, PhotosArePublishedBeforeTheWriteLock) {
  auto writer = std::make_unique<WriteTx>(*store_);
  auto submitted = std::async(std::launch::async, [&] {
    return Submit(Report("r-lock"), {testing::MakeJpeg(32, 32, 31)});
  });
  EXPECT_TRUE(testing::Eventually([&] {
    return FilesUnder(dir_.File("blobs")) == 1u;
  })) << "the photo was not published while another writer held the lock";
  writer.reset();  // rolls back, letting the submission write its rows
  auto outcome = submitted.get();
  ASSERT_TRUE(outcome.ok()) << outcome.error().internal_text;
  EXPECT_EQ(Count("photos"), 1);
}

void SetModified(const std::string& path, std::chrono::seconds ago) {
  const auto when = std::chrono::system_clock::now() - ago;
  const timespec times[2] = {{std::chrono::system_clock::to_time_t(when), 0},
                             {std::chrono::system_clock::to_time_t(when), 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
}

// A crash between a photo's rename and the commit left a file nothing
// refers to: collected once older than the grace period, never sooner, and
// never one a report refers to.
TEST_F(InspectionServiceTest, OrphanPhotosAreCollectedAfterTheGracePeriod) {
  auto publish = [&](const std::string& content) {
    auto upload = blobs_->Begin();
    EXPECT_TRUE(upload.value()->Append(content.data(), content.size()).ok());
    EXPECT_TRUE(upload.value()->Finish().ok());
    EXPECT_TRUE(blobs_->Publish(*upload.value()).ok());
    return upload.value()->sha256();
  };
  const std::string old_orphan = publish("left by a crash");
  const std::string young_orphan = publish("in flight");
  const std::string photo = testing::MakeJpeg(32, 32, 32);
  ASSERT_TRUE(Submit(Report("r-kept"), {photo}).ok());
  const std::string kept = Sha256Hex(photo);
  SetModified(blobs_->PathOf(old_orphan), std::chrono::hours(2));
  SetModified(blobs_->PathOf(kept), std::chrono::hours(2));
  auto collected = inspections_.CollectOrphanPhotos(std::chrono::hours(1));
  ASSERT_TRUE(collected.ok());
  EXPECT_EQ(collected.value(), 1u);
  EXPECT_FALSE(blobs_->Exists(old_orphan));
  EXPECT_TRUE(blobs_->Exists(young_orphan));
  EXPECT_TRUE(blobs_->Exists(kept));
  // Publishing stored content again refreshes its time: it is in flight.
  SetModified(blobs_->PathOf(young_orphan), std::chrono::hours(2));
  EXPECT_EQ(publish("in flight"), young_orphan);
  EXPECT_EQ(inspections_.CollectOrphanPhotos(std::chrono::hours(1)).value(),
            0u);
  EXPECT_TRUE(blobs_->Exists(young_orphan));
}

}  // namespace
}  // namespace hazegate
