#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "hazegate/app/schema.h"
#include "hazegate/config/uscc.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/ids.h"
#include "hazegate/core/json.h"
#include "hazegate/core/utf8.h"
#include "hazegate/core/worker.h"
#include "support.h"

namespace hazegate {
namespace {

TEST(Json, RefusesNestingDeeperThanTheLimitOutsideStrings) {
  EXPECT_FALSE(
      NestsDeeperThan(std::string(64, '[') + std::string(64, ']'), 64));
  EXPECT_TRUE(NestsDeeperThan(std::string(65, '['), 64));
  EXPECT_FALSE(
      NestsDeeperThan("{\"a\":\"" + std::string(100, '[') + "\\\"\"}", 64));
  EXPECT_TRUE(NestsDeeperThan("[{\"k\":" + std::string(1000000, '{'), 64));
  auto deep =
      ParseJson(std::string(1000000, '[') + std::string(1000000, ']'), "body");
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().fields.at(0).field, "body");
  auto shallow = ParseJson(R"({"a":[[1]]})", "body");
  ASSERT_TRUE(shallow.ok());
  EXPECT_EQ(shallow.value()["a"][0][0], 1);
  auto broken = ParseJson("{", "body");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().fields.at(0).message, "is not valid JSON");
}

// Issue 10.10: two modules inserted into cases (with the "one open case per
// site and warning" rule written twice), and the areas a warning covers were
// computed in C++ and again in SQL. One owner each, kept so.
TEST(Ownership, EachTableAndRuleHasOneWriter) {
  auto files_containing = [](const std::string& needle) {
    std::vector<std::string> found;
    for (const char* module :
         {"core", "config", "notifier", "inspection", "gateway", "app"}) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(
               std::string(HAZEGATE_SOURCE_DIR) + "/" + module)) {
        if (!entry.is_regular_file()) continue;
        if (testing::ReadFile(entry.path()).find(needle) != std::string::npos) {
          found.push_back(entry.path().lexically_relative(HAZEGATE_SOURCE_DIR));
        }
      }
    }
    std::sort(found.begin(), found.end());
    return found;
  };
  EXPECT_EQ(files_containing("INSERT INTO cases"),
            std::vector<std::string>{"inspection/src/case_store.cpp"});
  EXPECT_EQ(files_containing("kind = 'prefecture'"),
            std::vector<std::string>{});
  EXPECT_EQ(
      files_containing("CoveredAreas(ReadTx& tx,"),
      (std::vector<std::string>{"config/include/hazegate/config/directory.h",
                                "config/src/directory.cpp"}));
}

// The rooms (docs/architecture.md) and the rooms each may use.
const std::map<std::string, std::set<std::string>>& MayUse() {
  static const std::map<std::string, std::set<std::string>> may_use = {
      {"core", {}},
      {"config", {"core"}},
      {"gateway/identity", {"core"}},
      {"notifier/orders", {"core", "config"}},
      {"notifier/warnings", {"core", "config", "orders"}},
      {"notifier/mqtt", {"core", "config", "orders"}},
      {"notifier/sms", {"core", "config", "orders"}},
      {"inspection", {"core", "config", "orders", "warnings"}},
      {"oversight",
       {"core", "config", "orders", "warnings", "inspection", "forecast"}},
      {"forecast", {"core", "config"}},
      {"gateway",
       {"core", "config", "identity", "orders", "warnings", "mqtt", "sms",
        "inspection", "oversight", "forecast"}},
      {"app",
       {"core", "config", "identity", "orders", "warnings", "mqtt", "sms",
        "inspection", "oversight", "forecast", "gateway"}},
  };
  return may_use;
}

// A room's short name as CMake libraries are named: "notifier/orders" →
// "orders".
std::string ShortName(const std::string& room) {
  return room.substr(room.rfind('/') + 1);
}

// Issue 20: each room links only the rooms below it (docs/architecture.md);
// no room links another's library behind the table's back, and none links
// the notifier's old catch-all library.
TEST(Rooms, EachLinksOnlyTheRoomsItMayUse) {
  const std::regex link(R"(target_link_libraries\(([^)]*)\))");
  const std::regex ours(R"(hazegate_([a-z_]+))");
  for (const auto& [room, allowed] : MayUse()) {
    const std::string cmake = testing::ReadFile(
        std::string(HAZEGATE_SOURCE_DIR) + "/" + room + "/CMakeLists.txt");
    std::set<std::string> used;
    for (std::sregex_iterator it(cmake.begin(), cmake.end(), link), end;
         it != end; ++it) {
      const std::string args = (*it)[1];
      for (std::sregex_iterator lib(args.begin(), args.end(), ours);
           lib != std::sregex_iterator(); ++lib) {
        used.insert((*lib)[1]);
      }
    }
    ASSERT_FALSE(used.empty() && room != "core") << room << " links nothing";
    used.erase(ShortName(room));
    for (const std::string& lib : used) {
      EXPECT_TRUE(allowed.contains(lib)) << room << " links " << lib;
    }
  }
}

// Each table, and each view a room publishes for others to read
// (migration 11), with the room that owns it.
const std::map<std::string, std::string>& Owners() {
  static const std::map<std::string, std::string> owner = {
      {"accounts", "gateway/identity"},
      {"tokens", "gateway/identity"},
      {"setup_codes", "gateway/identity"},
      {"accounts_view", "gateway/identity"},
      {"areas", "config"},
      {"orgs", "config"},
      {"plan_settings", "config"},
      {"areas_view", "config"},
      {"orgs_view", "config"},
      {"org_contacts", "config"},
      {"org_contacts_view", "config"},
      {"audit_log", "core"},
      {"audit_view", "core"},
      {"warnings", "notifier/warnings"},
      {"warnings_view", "notifier/warnings"},
      {"fanout_jobs", "notifier/warnings"},
      {"orders", "notifier/orders"},
      {"outbox", "notifier/orders"},
      {"orders_view", "notifier/orders"},
      {"order_reports", "oversight"},
      {"report_dues", "oversight"},
      {"devices", "notifier/mqtt"},
      {"broker_accounts", "notifier/mqtt"},
      {"mqtt_credentials", "notifier/mqtt"},
      {"sms_messages", "notifier/sms"},
      {"forecasts", "forecast"},
      {"forecast_days", "forecast"},
      {"regional_notices", "forecast"},
      {"consultations", "forecast"},
      {"regional_notices_view", "forecast"},
      {"consultations_view", "forecast"},
      {"forecasts_view", "forecast"},
      {"forecast_days_view", "forecast"},
      {"evaluation_findings", "oversight"},
      {"press_releases", "oversight"},
      {"accountability_leads", "oversight"},
      {"bulletins", "oversight"},
      {"bulletin_warnings", "oversight"},
      {"bulletin_sendings", "oversight"},
      {"lead_steps", "oversight"},
      {"inspections", "inspection"},
      {"inspection_photos", "inspection"},
      {"inspection_flags", "inspection"},
      {"photos", "inspection"},
      {"cases", "inspection"},
      {"case_actions", "inspection"},
      {"case_reports", "inspection"},
      {"assignments", "inspection"},
      {"inspections_view", "inspection"},
      {"inspection_flags_view", "inspection"},
      {"cases_view", "inspection"},
      {"case_actions_view", "inspection"},
  };
  return owner;
}

struct SqlUse {
  std::string room;  // the room whose source holds the statement
  std::string table;
  std::string file;
};

// Every table or view named after `keywords` (a regex alternation) in the
// rooms' C++ (their migrations too), also across a string literal split
// ("... FROM "\n "orgs").
std::vector<SqlUse> SqlUses(const std::string& keywords) {
  // Longest first, so that gateway/identity is not taken for gateway.
  const std::vector<std::string> rooms = {"gateway/identity",
                                          "notifier/orders",
                                          "notifier/warnings",
                                          "notifier/mqtt",
                                          "notifier/sms",
                                          "oversight",
                                          "forecast",
                                          "inspection",
                                          "gateway",
                                          "config",
                                          "core",
                                          "app"};
  const std::regex named("\\b(?:" + keywords + R"()(?:\s|"\s*")+([a-z_]+))");
  std::vector<SqlUse> uses;
  const std::filesystem::path root(HAZEGATE_SOURCE_DIR);
  for (const char* top : {"core", "config", "notifier", "inspection",
                          "oversight", "forecast", "gateway", "app"}) {
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(root / top)) {
      const std::string path = entry.path().lexically_relative(root);
      if (!entry.is_regular_file() ||
          !(path.ends_with(".cpp") || path.ends_with(".h"))) {
        continue;
      }
      const std::string room = *std::find_if(
          rooms.begin(), rooms.end(),
          [&](const std::string& r) { return path.starts_with(r + "/"); });
      const std::string text = testing::ReadFile(entry.path());
      for (std::sregex_iterator it(text.begin(), text.end(), named), end;
           it != end; ++it) {
        if (Owners().contains((*it)[1])) uses.push_back({room, (*it)[1], path});
      }
    }
  }
  return uses;
}

// Issue 20: one writer per table, and the writer is the table's room.
TEST(Rooms, EachTableIsWrittenByItsRoomAlone) {
  std::map<std::string, std::set<std::string>> writers;
  for (const SqlUse& use :
       SqlUses(R"(INSERT(?: OR [A-Z]+)? INTO|UPDATE|DELETE FROM)")) {
    writers[use.table].insert(use.room);
  }
  for (const auto& [table, room] : Owners()) {
    if (table.ends_with("_view")) continue;
    EXPECT_EQ(writers[table], std::set<std::string>{room}) << table;
  }
}

// Issue 20: no SQL against another room's tables. A room reads its own
// tables, and what another publishes as a view, if it may use that room.
TEST(Rooms, EachReadsOnlyItsTablesAndTheViewsOfRoomsItUses) {
  const std::vector<SqlUse> reads = SqlUses("FROM|JOIN");
  ASSERT_GT(reads.size(), 100u);
  size_t of_views = 0;
  for (const SqlUse& read : reads) {
    const std::string& owner = Owners().at(read.table);
    if (owner == read.room) continue;
    EXPECT_TRUE(read.table.ends_with("_view"))
        << read.file << " reads " << owner << "'s table " << read.table;
    EXPECT_TRUE(MayUse().at(read.room).contains(ShortName(owner)))
        << read.file << " reads " << read.table << " of " << owner;
    ++of_views;
  }
  EXPECT_GT(of_views, 0u);
}

// Issue 20: each room migrates its own tables. Every table, index or view a
// room's steps create, alter, drop or fill is the room's (a table rebuilt
// under a temporary name, "orders_v6", is its table's); the rooms are the
// architecture's, listed below first, and every step 1..latest has a part.
TEST(Rooms, EachMigratesOnlyItsOwnTables) {
  const std::regex touched(
      R"((?:CREATE (?:TABLE|VIEW)|CREATE INDEX \w+ ON|ALTER TABLE|)"
      R"(DROP TABLE|INSERT INTO|UPDATE)\s+([a-z_]+?)(?:_v[0-9]+)?\b)");
  std::vector<std::string> rooms;
  std::set<int> steps;
  size_t seen = 0;
  for (const RoomMigrations& room : HazegateSchema()) {
    rooms.emplace_back(room.room);
    for (const Migration& step : room.steps) {
      steps.insert(step.version);
      const std::string sql(step.sql);
      for (std::sregex_iterator it(sql.begin(), sql.end(), touched), end;
           it != end; ++it, ++seen) {
        ASSERT_TRUE(Owners().contains((*it)[1])) << (*it)[1];
        EXPECT_EQ(Owners().at((*it)[1]), room.room)
            << room.room << " step " << step.version << " touches " << (*it)[1];
      }
    }
  }
  EXPECT_GT(seen, 40u);
  EXPECT_EQ(rooms, (std::vector<std::string>{
                       "core", "config", "gateway/identity", "notifier/orders",
                       "notifier/warnings", "notifier/mqtt", "inspection",
                       "forecast", "oversight", "notifier/sms"}));
  for (size_t i = 0; i < rooms.size(); ++i) {
    for (size_t j = i + 1; j < rooms.size(); ++j) {
      EXPECT_FALSE(MayUse().at(rooms[i]).contains(ShortName(rooms[j])))
          << rooms[i] << " uses " << rooms[j] << " but migrates first";
    }
  }
  EXPECT_EQ(static_cast<int>(steps.size()), LatestVersion(HazegateSchema()));
  EXPECT_EQ(*steps.begin(), 1);
}

// Issue 20: the one thread loop. A turn at once, then one per interval; Stop
// does not wait out the interval (an hour here) and joins the thread.
TEST(Worker, TurnsAtStartAndEachIntervalUntilStopped) {
  std::atomic<int> slow = 0;
  Worker hourly([&] { ++slow; }, std::chrono::hours(1));
  hourly.Start();
  ASSERT_TRUE(testing::Eventually([&] { return slow == 1; }));
  hourly.Stop();
  hourly.Stop();
  EXPECT_EQ(slow, 1);
  std::atomic<int> fast = 0;
  Worker often([&] { ++fast; }, std::chrono::milliseconds(1));
  often.Start();
  ASSERT_TRUE(testing::Eventually([&] { return fast >= 3; }));
}

// Work handed to a worker (Wake) is taken at once, not at the next interval,
// and with kFinishWoken it is not left behind by Stop.
TEST(Worker, WakeTurnsAtOnceAndStopFinishesWhatWasWokenFor) {
  std::atomic<int> turns = 0;
  Worker hourly([&] { ++turns; }, std::chrono::hours(1),
                Worker::OnStop::kFinishWoken);
  hourly.Start();
  ASSERT_TRUE(testing::Eventually([&] { return turns == 1; }));
  hourly.Wake();
  ASSERT_TRUE(testing::Eventually([&] { return turns == 2; }));
  hourly.Wake();
  hourly.Stop();  // a turn for that wake, before or at stopping
  EXPECT_EQ(turns, 3);
  hourly.Stop();
  EXPECT_EQ(turns, 3);
}

// Issue 20: the domain speaks typed structs; JSON, SQLite and Paho types stay
// at the edges (the *_json.h forms, the plan file) and in the store. A public
// header naming one elsewhere is refused.
TEST(Rooms, PublicHeadersKeepWireAndStoreTypesAtTheEdges) {
  const std::set<std::string> by_design = {
      "core/include/hazegate/core/json.h",     // JSON limits, for the edges
      "core/include/hazegate/core/columns.h",  // the store's column helpers
      "core/include/hazegate/core/store.h",
      "notifier/orders/include/hazegate/orders/order_json.h",  // wire forms
      "notifier/mqtt/include/hazegate/mqtt/device_json.h",
      "notifier/warnings/include/hazegate/warnings/warning_json.h",
      "inspection/include/hazegate/inspection/case_json.h",
      "inspection/include/hazegate/inspection/assignment_json.h",
      "config/include/hazegate/config/directory_json.h",
      "config/include/hazegate/config/plan.h",           // the plan file's edge
      "config/include/hazegate/config/warning_rules.h",  // the plan's too
      "config/include/hazegate/config/public_info.h",    // the plan's too
      "forecast/include/hazegate/forecast/forecast_json.h",
      "oversight/include/hazegate/oversight/board_json.h",
      "oversight/include/hazegate/oversight/report_json.h",
      "oversight/include/hazegate/oversight/evaluation_json.h",
      "oversight/include/hazegate/oversight/bulletin_json.h",
      "inspection/include/hazegate/inspection/inspection_json.h",
  };
  const std::regex foreign(R"(\b(nlohmann|SQLite|mqtt)::|MQTTAsync)");
  const std::filesystem::path root(HAZEGATE_SOURCE_DIR);
  std::set<std::string> naming;
  size_t headers = 0;
  for (const char* top : {"core", "config", "notifier", "inspection",
                          "oversight", "forecast", "gateway", "app"}) {
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(root / top)) {
      const std::string path = entry.path().lexically_relative(root);
      if (!entry.is_regular_file() || !path.ends_with(".h") ||
          path.find("/include/") == std::string::npos) {
        continue;
      }
      ++headers;
      const std::string text = testing::ReadFile(entry.path());
      if (std::regex_search(text, foreign)) naming.insert(path);
    }
  }
  ASSERT_GT(headers, 40u);
  for (const std::string& path : naming) {
    EXPECT_TRUE(by_design.contains(path))
        << path << " names a JSON, SQLite or Paho type";
  }
}

TEST(Clock, FormatsBeijingTime) {
  const TimePoint t = FromUnixSeconds(1796083200);  // 2026-12-01T00:00:00Z
  EXPECT_EQ(FormatRfc3339(t), "2026-12-01T08:00:00+08:00");
  EXPECT_EQ(FormatRfc3339(t, 0), "2026-12-01T00:00:00+00:00");
}

TEST(Clock, ParsesOffsetsAndFractions) {
  const auto beijing = ParseRfc3339("2026-12-01T08:00:00+08:00");
  const auto utc = ParseRfc3339("2026-12-01T00:00:00.250Z");
  ASSERT_TRUE(beijing && utc);
  EXPECT_EQ(ToUnixSeconds(*beijing), 1796083200);
  EXPECT_EQ(ToUnixSeconds(*utc), 1796083200);
}

TEST(Clock, RejectsMalformedTimes) {
  for (const char* bad :
       {"", "2026-12-01", "2026-12-01T08:00:00", "2026-13-01T08:00:00Z",
        "2026-02-30T08:00:00Z", "2026-12-01T24:00:00Z",
        "2026-12-01T08:00:00+8:00", "2026-12-01 08:00:00Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad)) << bad;
  }
}

TEST(Ids, TokensAreLongRandomAndUrlSafe) {
  const std::string a = NewSecretToken();
  const std::string b = NewSecretToken();
  EXPECT_EQ(a.size(), 43u);  // 256 bits in base64url without padding
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_of("+/="), std::string::npos);
}

TEST(Ids, Sha256MatchesKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Uscc, AcceptsValidCheckCharacter) {
  EXPECT_TRUE(IsValidUscc("91652301MA78K3Q5XA"));
  EXPECT_EQ(UsccCheckCharacter("91652301MA78K3Q5X"), 'A');
}

TEST(Uscc, RejectsWrongCheckLengthOrAlphabet) {
  EXPECT_FALSE(IsValidUscc("91652301MA78K3Q5XB"));  // wrong check
  EXPECT_FALSE(IsValidUscc("91652301MA78K3Q5X"));   // 17 characters
  EXPECT_FALSE(IsValidUscc("91652301MA78K3Q5IA"));  // I is not allowed
}

TEST(Utf8, AcceptsWellFormedAndFindsTheFirstBadByte) {
  EXPECT_TRUE(IsValidUtf8("昌吉 ok \xF0\x9F\x98\x80"));
  EXPECT_EQ(FirstInvalidUtf8("ab\xFF"), 2u);
  EXPECT_EQ(FirstInvalidUtf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(FirstInvalidUtf8("x\xED\xA0\x80"), 1u);     // a surrogate
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(FirstInvalidUtf8("\xE6\x98"), 0u);          // cut short
}

// Found by fuzz_inspection: year 1013 overflowed the nanosecond TimePoint.
TEST(Clock, RefusesYearsATimePointCannotHold) {
  EXPECT_FALSE(ParseRfc3339("1013-12-01T10:00:00+08:00"));
  EXPECT_FALSE(ParseRfc3339("9999-12-31T23:59:59Z"));
  EXPECT_FALSE(ParseRfc3339("1969-12-31T23:59:59Z"));
  ASSERT_TRUE(ParseRfc3339("1970-01-01T08:00:00+08:00"));
  EXPECT_EQ(ToUnixSeconds(*ParseRfc3339("1970-01-01T08:00:00+08:00")), 0);
  EXPECT_TRUE(ParseRfc3339("2200-12-31T23:59:59Z"));
}

}  // namespace
}  // namespace hazegate
