#include "hazegate/config/plan.h"

#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <set>

#include "hazegate/app/schema.h"
#include "hazegate/config/contacts.h"
#include "hazegate/config/directory.h"
#include "hazegate/config/directory_json.h"
#include "hazegate/config/reduction.h"
#include "hazegate/core/store.h"
#include "json_adapters.h"
#include "support.h"

namespace hazegate {
namespace {

using nlohmann::json;
using testing::SmallPlan;

// The messages reported at exactly `pointer`.
std::vector<std::string> IssuesAt(const json& plan,
                                  const std::string& pointer) {
  std::vector<std::string> messages;
  for (const PlanIssue& issue : ValidatePlan(plan)) {
    if (issue.pointer == pointer) messages.push_back(issue.message);
  }
  return messages;
}

// Index of org `id` in the plan's orgs array.
size_t OrgIndex(const json& plan, const std::string& id) {
  for (size_t i = 0; i < plan["orgs"].size(); ++i) {
    if (plan["orgs"][i]["id"] == id) return i;
  }
  throw std::out_of_range(id);
}

TEST(PlanValidation, SmallPlanIsValid) {
  EXPECT_TRUE(ValidatePlan(SmallPlan()).empty());
}

TEST(PlanValidation, TheDailyBulletinHourIsAClockTime) {
  json plan = SmallPlan();
  plan["bulletin"] = {{"daily_at", "16:00"}};
  EXPECT_TRUE(ValidatePlan(plan).empty());
  plan["bulletin"]["daily_at"] = "25:00";
  EXPECT_EQ(IssuesAt(plan, "/bulletin/daily_at").size(), 1u);
  plan["bulletin"] = json::object();
  EXPECT_EQ(IssuesAt(plan, "/bulletin/daily_at"),
            std::vector<std::string>{"is required"});
  plan["bulletin"] = "16:00";
  EXPECT_EQ(IssuesAt(plan, "/bulletin").size(), 1u);
}

TEST(PlanValidation, SamplePlanIsValidAndComplete) {
  const json plan = testing::SamplePlan();
  const auto issues = ValidatePlan(plan);
  for (const auto& issue : issues)
    ADD_FAILURE() << issue.pointer << ": " << issue.message;
  std::map<std::string, int> kinds;
  std::set<std::string> stages;
  for (const json& org : plan["orgs"]) {
    ++kinds[org["kind"]];
    if (org["kind"] == "school") stages.insert(org["stage"]);
  }
  // The 18 member units; the two group members that are not (交警支队,
  // 州政府督查室) are agencies (contract v3: ?kind=unit gave 20).
  EXPECT_EQ(kinds["unit"], 18);
  EXPECT_EQ(kinds["agency"], 2);
  EXPECT_EQ(kinds["group"], 4);
  EXPECT_EQ(kinds["county"], 10);  // 7 counties/cities + 3 parks
  EXPECT_GE(kinds["enterprise"], 40);
  EXPECT_GE(kinds["school"], 20);
  EXPECT_GE(kinds["site"], 5);
  EXPECT_EQ(stages.size(), 3u);
  EXPECT_EQ(plan["areas"].size(), 11u);
}

// v3: an agency gets its group's tasks, so it has none of its own and is
// in a group; a plan without an agency window gives it the units'.
TEST(PlanValidation, AnAgencyIsAGroupMemberWithoutTasks) {
  json plan = SmallPlan();
  plan["orgs"].push_back({{"id", "agency-1"},
                          {"kind", "agency"},
                          {"name", "交警支队"},
                          {"area", "652301"}});
  const std::string at = "/orgs/" + std::to_string(plan["orgs"].size() - 1);
  EXPECT_EQ(IssuesAt(plan, at),
            std::vector<std::string>{
                "an agency must be in a group (it gets its tasks)"});
  plan["orgs"][OrgIndex(plan, "group-inspection")]["members"].push_back(
      "agency-1");
  EXPECT_TRUE(ValidatePlan(plan).empty());
  plan["orgs"].back()["tasks"] =
      plan["orgs"][OrgIndex(plan, "unit-gaj")]["tasks"];
  EXPECT_EQ(IssuesAt(plan, at + "/tasks"),
            std::vector<std::string>{
                "an agency has no tasks of its own (it gets its group's)"});
}

TEST(PlanValidation, UnknownArea) {
  json plan = SmallPlan();
  plan["orgs"][OrgIndex(plan, "ent-1")]["area"] = "999999";
  const auto path =
      "/orgs/" + std::to_string(OrgIndex(plan, "ent-1")) + "/area";
  EXPECT_EQ(IssuesAt(plan, path),
            std::vector<std::string>{"unknown area 999999"});
}

TEST(PlanValidation, DuplicateId) {
  json plan = SmallPlan();
  json copy = plan["orgs"][OrgIndex(plan, "sch-1")];
  plan["orgs"].push_back(copy);
  const auto path = "/orgs/" + std::to_string(plan["orgs"].size() - 1) + "/id";
  EXPECT_EQ(IssuesAt(plan, path),
            std::vector<std::string>{"duplicate org id sch-1"});
}

TEST(PlanValidation, WrongCreditCodeCheckCharacter) {
  json plan = SmallPlan();
  const size_t i = OrgIndex(plan, "ent-1");
  plan["orgs"][i]["uscc"] = "91652301MA78K3Q5XB";
  EXPECT_EQ(IssuesAt(plan, "/orgs/" + std::to_string(i) + "/uscc"),
            std::vector<std::string>{"wrong check character: expected 'A'"});
}

TEST(PlanValidation, CoordinatesOutsideChina) {
  json plan = SmallPlan();
  const size_t i = OrgIndex(plan, "sch-1");
  plan["orgs"][i]["location"] = {{"lat", 87.3}, {"lon", 44.0}};  // swapped
  EXPECT_EQ(IssuesAt(plan, "/orgs/" + std::to_string(i) + "/location"),
            std::vector<std::string>{"coordinates outside China"});
  plan["orgs"][i]["location"] = {{"lat", 95}, {"lon", 87}};
  EXPECT_EQ(IssuesAt(plan, "/orgs/" + std::to_string(i) + "/location/lat"),
            std::vector<std::string>{"must be between -90 and 90"});
}

TEST(PlanValidation, LoadPercentOutsideRange) {
  json plan = SmallPlan();
  const size_t i = OrgIndex(plan, "ent-1");
  plan["orgs"][i]["measures"]["orange"][0]["load_pct"] = 120;
  plan["orgs"][i]["measures"]["yellow"][0]["load_pct"] = -5;
  const std::string base = "/orgs/" + std::to_string(i) + "/measures/";
  EXPECT_EQ(IssuesAt(plan, base + "orange/0/load_pct"),
            std::vector<std::string>{"must be between 0 and 100"});
  EXPECT_EQ(IssuesAt(plan, base + "yellow/0/load_pct"),
            std::vector<std::string>{"must be between 0 and 100"});
}

TEST(PlanValidation, LevelMissing) {
  json plan = SmallPlan();
  const size_t ent = OrgIndex(plan, "ent-1");
  const size_t unit = OrgIndex(plan, "unit-gaj");
  plan["orgs"][ent]["measures"].erase("red");
  plan["orgs"][unit]["tasks"].erase("orange");
  plan["school_notices"]["primary"].erase("yellow");
  EXPECT_EQ(IssuesAt(plan, "/orgs/" + std::to_string(ent) + "/measures/red"),
            std::vector<std::string>{"is required"});
  EXPECT_EQ(IssuesAt(plan, "/orgs/" + std::to_string(unit) + "/tasks/orange"),
            std::vector<std::string>{"is required"});
  EXPECT_EQ(IssuesAt(plan, "/school_notices/primary/yellow"),
            std::vector<std::string>{"is required"});
}

TEST(PlanValidation, MeasureForUnknownProcess) {
  json plan = SmallPlan();
  const size_t i = OrgIndex(plan, "ent-1");
  plan["orgs"][i]["measures"]["red"][0]["process"] = "mill";
  EXPECT_EQ(
      IssuesAt(plan, "/orgs/" + std::to_string(i) + "/measures/red/0/process"),
      std::vector<std::string>{"not one of the enterprise's processes"});
}

TEST(PlanValidation, ReportsEveryErrorNotOnlyTheFirst) {
  json plan = SmallPlan();
  plan["orgs"][OrgIndex(plan, "ent-1")]["uscc"] = "91652301MA78K3Q5XB";
  plan["orgs"][OrgIndex(plan, "sch-1")]["area"] = "nowhere";
  plan["ack_windows_s"].erase("school");
  EXPECT_EQ(ValidatePlan(plan).size(), 3u);
}

TEST(PlanValidation, NotAnObject) {
  const auto issues = ValidatePlan(json::array());
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].pointer, "");
}

TEST(Reduction, EachActionTakesItsShareOfTheProcess) {
  const ProcessEmissions kiln = EmissionsOf(
      R"({"emissions": {"kiln": {"so2": 2, "nox": 4}, "mill": {"pm": 1}}})");
  EXPECT_DOUBLE_EQ(Baseline(kiln).t_per_d[1], 4);
  EXPECT_DOUBLE_EQ(Baseline(kiln).t_per_d[2], 1);
  const std::vector<Measure> measures = MeasuresOf(
      R"([{"process": "kiln", "action": "limit", "load_pct": 60},
          {"process": "mill", "action": "stop"},
          {"process": "yard", "action": "cover",
           "reduction_t_per_d": {"vocs": 0.5}},
          "not a measure"])");
  ASSERT_EQ(measures.size(), 3u);
  const Emissions cut = Reduction(measures, kiln);
  EXPECT_DOUBLE_EQ(cut.t_per_d[0], 0.8);  // 40 % of the kiln's 2 t/d
  EXPECT_DOUBLE_EQ(cut.t_per_d[1], 1.6);
  EXPECT_DOUBLE_EQ(cut.t_per_d[2], 1);  // the mill stopped
  EXPECT_DOUBLE_EQ(cut.t_per_d[3], 0.5);
  EXPECT_TRUE(EmissionsOf("not json").empty());
  EXPECT_DOUBLE_EQ(TargetPct({{"red", 35}}, "red"), 35);
  EXPECT_DOUBLE_EQ(TargetPct({}, "orange"), 20);
}

TEST(Contacts, MobileNumbersAreWrittenAsPlus86) {
  EXPECT_EQ(ChinaMobile("13912345678"), "+8613912345678");
  EXPECT_EQ(ChinaMobile("+86 139-1234-5678"), "+8613912345678");
  EXPECT_EQ(ChinaMobile("8613912345678"), "+8613912345678");
  EXPECT_FALSE(ChinaMobile("12912345678"));   // 1[3-9]
  EXPECT_FALSE(ChinaMobile("1391234567"));    // ten digits
  EXPECT_FALSE(ChinaMobile("0994-2345678"));  // a landline
  EXPECT_FALSE(ChinaMobile("+1 3912345678"));
  EXPECT_FALSE(ChinaMobile("139123456789a"));
}

// Contract v3: contacts [{name, phone, duty?}] per org, each error named.
TEST(PlanValidation, ContactsNameTheirBadField) {
  json plan = SmallPlan();
  const size_t i = OrgIndex(plan, "sch-1");
  const std::string at = "/orgs/" + std::to_string(i) + "/contacts/";
  plan["orgs"][i]["contacts"] = {
      {{"name", "李校长"}, {"phone", "13912345678"}, {"duty", "校长"}},
      {{"name", "值班室"}, {"phone", "0994-2345678"}},
      {{"phone", "+86 139 1234 5678"}},
      "王老师"};
  EXPECT_EQ(IssuesAt(plan, at + "1/phone").size(), 1u);
  EXPECT_EQ(IssuesAt(plan, at + "2/name"),
            std::vector<std::string>{"is required"});
  EXPECT_EQ(IssuesAt(plan, at + "2/phone"),
            std::vector<std::string>{"the same phone twice"});
  EXPECT_EQ(IssuesAt(plan, at + "3"),
            std::vector<std::string>{"must be an object"});
  EXPECT_TRUE(IssuesAt(plan, at + "0/phone").empty());
}

TEST(PlanLoad, ContactsAreStoredAsPlus86AndKeptByAnImportWithoutThem) {
  testing::TempDir dir;
  testing::FakeClock clock;
  auto store = testing::StoreWithPlan(dir, clock);
  json plan = SmallPlan();
  plan["orgs"][OrgIndex(plan, "ent-1")]["contacts"] = {
      {{"name", "王经理"}, {"phone", "139 1234 5678"}, {"duty", "负责人"}},
      {{"name", "夜班"}, {"phone", "+8615012345678"}}};
  ASSERT_TRUE(LoadPlan(*store, plan, "test", clock).ok());
  auto org = Directory(*store).GetOrg("ent-1");
  auto contacts = Directory(*store).Contacts("ent-1");
  ASSERT_TRUE(org.ok());
  ASSERT_TRUE(contacts.ok());
  ASSERT_EQ(contacts.value().size(), 2u);
  EXPECT_EQ(contacts.value()[0].phone, "+8613912345678");
  EXPECT_EQ(contacts.value()[0].duty, "负责人");
  EXPECT_EQ(contacts.value()[1].name, "夜班");
  EXPECT_EQ(OrgToJson(org.value()).count("contacts"), 0u);
  EXPECT_EQ(ContactsToJson(contacts.value())[1]["phone"], "+8615012345678");
  EXPECT_FALSE(json::parse(org.value().details_json).contains("contacts"));
  plan["orgs"][OrgIndex(plan, "ent-1")].erase("contacts");
  ASSERT_TRUE(LoadPlan(*store, plan, "test", clock).ok());
  EXPECT_EQ(Directory(*store).Contacts("ent-1").value().size(), 2u);
}

TEST(PlanLoad, LoadsAndReRunsAsAnUpdate) {
  testing::TempDir dir;
  testing::FakeClock clock;
  auto store = testing::StoreWithPlan(dir, clock);
  json plan = SmallPlan();
  plan["orgs"][OrgIndex(plan, "sch-1")]["name"] = "改名小学";
  ASSERT_TRUE(LoadPlan(*store, plan, "test", clock).ok());
  testing::JsonDirectory directory(*store);
  auto orgs = directory.ListOrgs({});
  ASSERT_TRUE(orgs.ok());
  EXPECT_EQ(orgs.value().size(), plan["orgs"].size());
  auto school = directory.GetOrg("sch-1");
  ASSERT_TRUE(school.ok());
  EXPECT_EQ(school.value()["name"], "改名小学");
  EXPECT_EQ(school.value()["stage"], "primary");
  auto lease = store->Acquire();
  EXPECT_EQ(lease.db()
                .execAndGet("SELECT count(*) FROM audit_log WHERE action = "
                            "'plan.load'")
                .getInt(),
            2);
}

TEST(PlanLoad, InvalidPlanStoresNothing) {
  testing::TempDir dir;
  testing::FakeClock clock;
  auto store = Store::Open(dir.File("x.db"), HazegateSchema());
  ASSERT_TRUE(store.ok());
  json plan = SmallPlan();
  plan["orgs"][OrgIndex(plan, "ent-1")]["grade"] = "E";
  Status loaded = LoadPlan(*store.value(), plan, "test", clock);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().fields.size(), 1u);
  auto lease = store.value()->Acquire();
  EXPECT_EQ(lease.db().execAndGet("SELECT count(*) FROM orgs").getInt(), 0);
  EXPECT_EQ(lease.db().execAndGet("SELECT count(*) FROM areas").getInt(), 0);
}

// Contract v3: the directory lists in the plan file's order, first to last
// (v2 listed it newest first, so the console's area picker ended with the
// prefecture's seat); a page continues after the last id of the one before.
TEST(Directory, PagesInPlanOrder) {
  testing::TempDir dir;
  testing::FakeClock clock;
  auto store = testing::StoreWithPlan(dir, clock);
  testing::JsonDirectory directory(*store);
  auto first = directory.ListOrgs({"", "", {3, ""}});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first.value().size(), 3u);
  EXPECT_EQ(first.value()[0]["id"], "command");
  auto second = directory.ListOrgs({"", "", {3, first.value()[2]["id"]}});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.value()[0]["id"], "group-inspection");
  const json plan = testing::SmallPlan();
  auto areas = directory.ListAreas({1000, ""});
  ASSERT_TRUE(areas.ok());
  ASSERT_EQ(areas.value().size(), plan["areas"].size());
  for (size_t i = 0; i < plan["areas"].size(); ++i) {
    EXPECT_EQ(areas.value()[i]["code"], plan["areas"][i]["code"]);
  }
  auto bad = directory.ListOrgs({"", "", {3, "no-such-org"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.at(0).field, "before");
}

TEST(Directory, FiltersByKindAndArea) {
  testing::TempDir dir;
  testing::FakeClock clock;
  auto store = testing::StoreWithPlan(dir, clock);
  testing::JsonDirectory directory(*store);
  auto in_652301 = directory.ListOrgs({"", "652301", {}});
  ASSERT_TRUE(in_652301.ok());
  EXPECT_EQ(in_652301.value().size(), 3u);  // county org, enterprise, school
  auto schools = directory.ListOrgs({"school", "", {}});
  ASSERT_TRUE(schools.ok());
  ASSERT_EQ(schools.value().size(), 1u);
  EXPECT_EQ(schools.value()[0]["id"], "sch-1");
}

}  // namespace
}  // namespace hazegate

namespace hazegate {
namespace {

// Issue 12.4: planned reductions against the level's targets, per area.
TEST(PlanReduction, ShortfallsAreNamedPerAreaLevelAndPollutant) {
  json plan = testing::SmallPlan();
  for (json& org : plan["orgs"]) {
    if (org["id"] == "ent-1") {
      org["emissions"] = {{"kiln", {{"so2", 2.0}, {"nox", 1.0}}}};
    }
  }
  EXPECT_TRUE(ValidatePlan(plan).empty());
  EXPECT_TRUE(ReductionShortfalls(plan).empty())
      << "limit to 70 % cuts 30 % (yellow 10, orange 20), stop 100 % (red)";
  plan["reduction_targets_pct"] = {{"yellow", 40}, {"orange", 20}, {"red", 30}};
  std::vector<std::string> found;
  for (const PlanIssue& issue : ReductionShortfalls(plan)) {
    found.push_back(issue.pointer + " " + issue.message);
  }
  EXPECT_EQ(found, (std::vector<std::string>{
                       "/areas/1 昌吉市 yellow: so2 planned 30.0 % < target "
                       "40.0 %",
                       "/areas/1 昌吉市 yellow: nox planned 30.0 % < target "
                       "40.0 %"}));
  plan["orgs"][OrgIndex(plan, "ent-1")]["emissions"]["furnace"] = {{"so2", 1}};
  plan["orgs"][OrgIndex(plan, "ent-1")]["emissions"]["kiln"]["co2"] = 5;
  std::vector<std::string> pointers;
  for (const PlanIssue& issue : ValidatePlan(plan)) {
    pointers.push_back(issue.pointer);
  }
  const std::string base =
      "/orgs/" + std::to_string(OrgIndex(plan, "ent-1")) + "/emissions";
  EXPECT_EQ(pointers,
            (std::vector<std::string>{base + "/furnace", base + "/kiln/co2"}));
}

}  // namespace
}  // namespace hazegate
