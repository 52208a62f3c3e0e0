// The endpoints the office console is built on, over real HTTPS: the
// preview of a warning against what approving it sends, the duty board
// (tallies, a county's scope, ETag revalidation), the map and the orders
// export.
#include <set>

#include "hazegate/config/plan.h"
#include "hazegate/core/store.h"
#include "https_fixture.h"

namespace hazegate {
namespace {

using nlohmann::json;
using testing::HttpsGateway;

constexpr const char* kTwoCounties =
    R"({"level":"orange","areas":["652301","652302"],
        "starts_at":"2026-12-01T08:00:00+08:00","reason":"PM2.5 250"})";

class ConsoleApi : public HttpsGateway {
 protected:
  int64_t Rows(const std::string& sql) {
    auto lease = store_->Acquire();
    return lease.db().execAndGet(sql).getInt64();
  }

  // An orange warning over both counties, approved by the command: its id.
  std::string ActiveOrange() {
    auto proposed = Post("/api/v1/warnings", tokens_[Role::kOffice],
                         kTwoCounties, "application/json");
    EXPECT_EQ(proposed->status, 201) << proposed->body;
    const std::string id = Body(proposed)["id"];
    auto approved = Post("/api/v1/warnings/" + id + "/approve",
                         tokens_[Role::kCommand], "", "application/json");
    EXPECT_EQ(approved->status, 200) << approved->body;
    return id;
  }

  json Board(Role role) {
    auto res = Get("/api/v1/board", tokens_[role]);
    EXPECT_EQ(res->status, 200) << res->body;
    return Body(res);
  }
};

TEST_F(ConsoleApi, PreviewCountsWhatApprovalSendsAndStoresNothing) {
  auto preview = Post("/api/v1/warnings/preview", tokens_[Role::kOffice],
                      kTwoCounties, "application/json");
  ASSERT_EQ(preview->status, 200) << preview->body;
  const json counts = Body(preview);
  EXPECT_EQ(counts["needs_approval"], true);
  EXPECT_EQ(counts["area_names"], "昌吉市、阜康市");
  EXPECT_EQ(Rows("SELECT count(*) FROM warnings"), 0);
  EXPECT_EQ(Rows("SELECT count(*) FROM orders"), 0);

  const std::string id = ActiveOrange();
  json sent = json::object();
  std::set<std::string> orgs;
  auto lease = store_->Acquire();
  SQLite::Statement query(
      lease.db(),
      "SELECT g.kind, count(DISTINCT o.org), count(*) FROM orders o JOIN orgs "
      "g ON g.id = o.org WHERE o.warning_id = ? AND o.kind NOT IN "
      "('approval_request') GROUP BY g.kind");
  query.bind(1, id);
  int64_t orders = 0;
  while (query.executeStep()) {
    sent[query.getColumn(0).getString()] = query.getColumn(1).getInt64();
    orders += query.getColumn(2).getInt64();
  }
  EXPECT_EQ(counts["recipients"], sent);
  EXPECT_EQ(counts["orders"], orders);
  EXPECT_GE(counts["recipients"]["enterprise"], 1);
  EXPECT_GE(counts["recipients"]["site"], 1);

  auto bad = Post("/api/v1/warnings/preview", tokens_[Role::kOffice],
                  R"({"level":"purple","areas":["999"]})", "application/json");
  ExpectProblem(bad, 400);
  EXPECT_NE(bad->body.find("\"level\""), std::string::npos) << bad->body;
  ExpectProblem(Post("/api/v1/warnings/preview", tokens_[Role::kCounty],
                     kTwoCounties, "application/json"),
                403);
}

TEST_F(ConsoleApi, BoardTalliesScopesAndRevalidates) {
  const std::string id = ActiveOrange();
  const json board = Board(Role::kOffice);
  ASSERT_EQ(board["warnings"].size(), 1u) << board.dump();
  const json& warning = board["warnings"][0];
  EXPECT_EQ(warning["id"], id);
  EXPECT_EQ(warning["orders"]["by_kind"]["enterprise"]["total"], 1);
  EXPECT_EQ(warning["orders"]["by_kind"]["site"]["total"], 1);
  EXPECT_EQ(warning["orders"]["by_area"]["652302"]["total"], 1);
  EXPECT_FALSE(warning["attention"].empty());  // no broker: all pending
  std::map<std::string, std::string> levels;
  for (const json& area : board["levels"]) levels[area["area"]] = area["level"];
  EXPECT_EQ(levels["652301"], "orange");
  EXPECT_EQ(levels["652300"], "none");

  // A county sees the orgs of its own area only.
  const json county = Board(Role::kCounty)["warnings"][0];
  EXPECT_FALSE(county["orders"]["by_area"].contains("652302"));
  EXPECT_FALSE(county["orders"]["by_kind"].contains("site"));
  for (const json& entry : county["attention"]) {
    EXPECT_EQ(entry["area"], "652301") << entry.dump();
  }

  // Revalidation: unchanged → 304; an acknowledgement changes the board.
  auto first = Get("/api/v1/board", tokens_[Role::kOffice]);
  const std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  httplib::Headers revalidate = {
      {"Authorization", "Bearer " + tokens_[Role::kOffice]},
      {"If-None-Match", etag}};
  auto unchanged = Client()->Get("/api/v1/board", revalidate);
  EXPECT_EQ(unchanged->status, 304);
  EXPECT_TRUE(unchanged->body.empty());
  auto own = Get("/api/v1/orders", tokens_[Role::kEnterprise]);
  const std::string order = Body(own)[0]["id"];
  ASSERT_EQ(Post("/api/v1/orders/" + order + "/ack", tokens_[Role::kEnterprise],
                 "{}", "application/json")
                ->status,
            200);
  auto changed = Client()->Get("/api/v1/board", revalidate);
  ASSERT_EQ(changed->status, 200);
  EXPECT_EQ(Body(changed)["warnings"][0]["orders"]["by_kind"]["enterprise"]
                         ["acknowledged"],
            1);
}

TEST_F(ConsoleApi, MapAndOrdersExport) {
  const std::string id = ActiveOrange();
  auto map = Get("/api/v1/warnings/" + id + "/map", tokens_[Role::kOffice]);
  ASSERT_EQ(map->status, 200) << map->body;
  std::set<std::string> orgs;
  for (const json& point : Body(map)) {
    orgs.insert(point["org"]);
    EXPECT_TRUE(point["lat"].is_number() && point["lon"].is_number());
  }
  EXPECT_EQ(orgs, (std::set<std::string>{"ent-1", "sch-1", "site-1"}));
  auto county = Get("/api/v1/warnings/" + id + "/map", tokens_[Role::kCounty]);
  EXPECT_EQ(Body(county).size(), 2u) << county->body;

  auto csv =
      Get("/api/v1/warnings/" + id + "/orders.csv", tokens_[Role::kOffice]);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->body.substr(0, 6), "\xEF\xBB\xBFid,");
  const int64_t lines = std::count(csv->body.begin(), csv->body.end(), '\n');
  EXPECT_EQ(lines, 1 + Rows("SELECT count(*) FROM orders WHERE warning_id = '" +
                            id + "'"));
  EXPECT_NE(csv->body.find(",ent-1,示例水泥有限公司,enterprise,652301,"),
            std::string::npos);
  ExpectProblem(
      Get("/api/v1/warnings/wrn-none/orders.csv", tokens_[Role::kOffice]), 404);
}

// Issue 25: the wall screen (大屏) reads the board of its org's scope with a
// token of its own, long-lived, and nothing else.
TEST_F(ConsoleApi, AWallScreenReadsItsScopesBoardAndNothingElse) {
  const std::string id = ActiveOrange();
  EXPECT_EQ(Board(Role::kDisplay), Board(Role::kCommand));
  Accounts accounts(*store_, clock_);
  ASSERT_TRUE(accounts
                  .Create({"wall-county", "display", "county-652301",
                           "password-wall-county"},
                          "test")
                  .ok());
  auto login =
      Post("/api/v1/auth/login", "",
           R"({"username":"wall-county","password":"password-wall-county"})",
           "application/json");
  ASSERT_EQ(login->status, 200) << login->body;
  const std::string wall = Body(login)["token"];
  const auto expires = ParseRfc3339(Body(login)["expires_at"]);
  ASSERT_TRUE(expires);
  EXPECT_GE(*expires - clock_.Now(), Accounts::kDisplayTokenLifetime);
  auto board = Get("/api/v1/board", wall);
  ASSERT_EQ(board->status, 200);
  EXPECT_EQ(Body(board), Board(Role::kCounty));
  EXPECT_FALSE(
      Body(board)["warnings"][0]["orders"]["by_area"].contains("652302"));
  auto map = Get("/api/v1/warnings/" + id + "/map", wall);
  ASSERT_EQ(map->status, 200);
  EXPECT_EQ(Body(map).size(), 2u);
  for (const std::string& path : std::vector<std::string>{
           "/api/v1/warnings", "/api/v1/orgs", "/api/v1/orders",
           "/api/v1/warnings/" + id + "/orders", "/api/v1/cases",
           "/api/v1/warnings/" + id + "/orders.csv"}) {
    ExpectProblem(Get(path, wall), 403);
  }
  // A week later a staff login is gone; the wall's token still reads.
  clock_.Advance(Accounts::kLoginTokenLifetime + std::chrono::hours(1));
  EXPECT_EQ(Get("/api/v1/board", wall)->status, 200);
}

// Issue 25: 再次发送 is the command's, the office's and a county's (for its
// own area's orgs); an acknowledged order needs nothing more.
TEST_F(ConsoleApi, SendAgainIsForTheCountyOfTheSilentOrg) {
  const std::string id = ActiveOrange();
  const auto order_of = [&](const std::string& org) {
    auto lease = store_->Acquire();
    SQLite::Statement query(
        lease.db(), "SELECT id FROM orders WHERE org = ? AND warning_id = ?");
    query.bind(1, org);
    query.bind(2, id);
    EXPECT_TRUE(query.executeStep()) << org;
    return query.getColumn(0).getString();
  };
  const auto send_again = [&](const std::string& order, Role role) {
    return Post("/api/v1/orders/" + order + "/send-again", tokens_[role], "",
                "application/json");
  };
  const std::string ent = order_of("ent-1"), site = order_of("site-1");
  const int64_t queued = Rows("SELECT count(*) FROM outbox");
  ExpectProblem(send_again(site, Role::kCounty), 404);  // another county's
  ExpectProblem(send_again(ent, Role::kEnterprise), 403);
  EXPECT_EQ(Rows("SELECT count(*) FROM outbox"), queued);
  auto sent = send_again(ent, Role::kCounty);
  ASSERT_EQ(sent->status, 202) << sent->body;
  EXPECT_EQ(Body(sent)["sms"], 0);  // SMS is off here
  EXPECT_EQ(Rows("SELECT count(*) FROM outbox WHERE order_id = '" + ent + "'"),
            2);
  EXPECT_EQ(send_again(site, Role::kOffice)->status, 202);
  ASSERT_EQ(Post("/api/v1/orders/" + ent + "/ack", tokens_[Role::kEnterprise],
                 "{}", "application/json")
                ->status,
            200);
  ExpectProblem(send_again(ent, Role::kCommand), 409);
}

// Issue 25: an acknowledgement made offline carries the time it was tapped,
// kept beside the server's; a bad time names the field and records nothing.
TEST_F(ConsoleApi, AnOfflineAckKeepsTheTimeItWasTapped) {
  ActiveOrange();
  const std::string& enterprise = tokens_[Role::kEnterprise];
  const std::string order = Body(Get("/api/v1/orders", enterprise))[0]["id"];
  const std::string path = "/api/v1/orders/" + order + "/ack";
  auto bad = Post(path, enterprise, R"({"acked_at_client":"yesterday"})",
                  "application/json");
  ExpectProblem(bad, 400);
  EXPECT_EQ(Body(bad)["errors"][0]["field"], "acked_at_client");
  EXPECT_EQ(Body(Get("/api/v1/orders", enterprise))[0]["status"], "received");

  const TimePoint tapped = clock_.Now() + std::chrono::seconds(5);
  clock_.Advance(std::chrono::minutes(20));
  auto acked = Post(
      path, enterprise,
      json{{"note", "断网时确认"}, {"acked_at_client", FormatRfc3339(tapped)}}
          .dump(),
      "application/json");
  ASSERT_EQ(acked->status, 200) << acked->body;
  EXPECT_EQ(Body(acked)["acked_at_client"], FormatRfc3339(tapped));
  EXPECT_EQ(Body(acked)["acked_at"], FormatRfc3339(clock_.Now()));

  // A phone whose clock runs ahead cannot say it was tapped after it came.
  ActiveOrange();
  const std::string next = Body(Get("/api/v1/orders", enterprise))[0]["id"];
  auto ahead = Post("/api/v1/orders/" + next + "/ack", enterprise,
                    json{{"acked_at_client",
                          FormatRfc3339(clock_.Now() + std::chrono::hours(3))}}
                        .dump(),
                    "application/json");
  ASSERT_EQ(ahead->status, 200) << ahead->body;
  EXPECT_EQ(Body(ahead)["acked_at_client"], Body(ahead)["acked_at"]);
}

// Issue 22: the public reads each area's level without a login; a proposal
// is not public; an unchanged answer revalidates to 304.
TEST_F(ConsoleApi, ThePublicReadsTheLevelsWithoutALogin) {
  auto proposed = Post("/api/v1/warnings", tokens_[Role::kOffice], kTwoCounties,
                       "application/json");
  ASSERT_EQ(proposed->status, 201);
  const auto levels = [&] {
    auto res = Get("/api/v1/public/levels", "");
    EXPECT_EQ(res->status, 200) << res->body;
    std::map<std::string, json> by_area;
    for (const json& a : Body(res)) by_area[a["area"]] = a;
    return by_area;
  };
  EXPECT_EQ(levels()["652301"]["level"], "none") << "a proposal went public";
  const std::string id = Body(proposed)["id"];
  ASSERT_EQ(Post("/api/v1/warnings/" + id + "/approve", tokens_[Role::kCommand],
                 "", "application/json")
                ->status,
            200);
  auto by_area = levels();
  EXPECT_EQ(by_area["652301"]["level"], "orange");
  EXPECT_EQ(by_area["652301"]["warning_id"], id);
  EXPECT_TRUE(by_area["652301"]["starts_at"].is_string());
  EXPECT_TRUE(by_area["652301"]["advice"].contains("health"));
  EXPECT_TRUE(by_area["652301"]["changed_at"].is_string());
  EXPECT_EQ(by_area["652300"]["level"], "none");
  EXPECT_FALSE(by_area["652300"].contains("warning_id"));
  EXPECT_FALSE(by_area["652301"].contains("proposed_by"));
  auto first = Get("/api/v1/public/levels", "");
  httplib::Headers again = {{"If-None-Match", first->get_header_value("ETag")}};
  EXPECT_EQ(Client()->Get("/api/v1/public/levels", again)->status, 304);
}

// Issue 22: the CAP feed without a login: Atom with ETag (an unchanged
// feed revalidates to 304), each entry's CAP at its link; a proposal is
// not in it; an unknown message is 404.
TEST_F(ConsoleApi, TheCapFeedIsPublicAndRevalidates) {
  auto proposed = Post("/api/v1/warnings", tokens_[Role::kOffice], kTwoCounties,
                       "application/json");
  ASSERT_EQ(proposed->status, 201);
  auto empty = Get("/api/v1/feeds/cap.atom", "");
  ASSERT_EQ(empty->status, 200) << empty->body;
  EXPECT_EQ(empty->get_header_value("Content-Type"),
            "application/atom+xml; charset=utf-8");
  EXPECT_EQ(empty->body.find("<entry>"), std::string::npos);
  const std::string id = ActiveOrange();
  auto feed = Get("/api/v1/feeds/cap.atom", "");
  ASSERT_EQ(feed->status, 200);
  EXPECT_NE(feed->body.find("href=\"cap/" + id + ".xml\""), std::string::npos)
      << feed->body;
  httplib::Headers again = {{"If-None-Match", feed->get_header_value("ETag")}};
  EXPECT_EQ(Client()->Get("/api/v1/feeds/cap.atom", again)->status, 304);
  auto cap = Get("/api/v1/feeds/cap/" + id + ".xml", "");
  ASSERT_EQ(cap->status, 200) << cap->body;
  EXPECT_EQ(cap->get_header_value("Content-Type"),
            "application/cap+xml; charset=utf-8");
  EXPECT_NE(cap->body.find("<identifier>" + id + "</identifier>"),
            std::string::npos);
  ExpectProblem(Get("/api/v1/feeds/cap/" +
                        Body(proposed)["id"].get<std::string>() + ".xml",
                    ""),
                404);
}

// Issue 22: the press release: a draft from the template for a warning in
// force, published by the office (a unit outside the plan's publishers:
// 403), then on the public levels and readable without a login; a drill has
// none.
TEST_F(ConsoleApi, APressReleaseIsDraftedPublishedAndPublic) {
  const std::string id = ActiveOrange();
  const std::string base = "/api/v1/warnings/" + id + "/press-release";
  auto draft = Get(base, tokens_[Role::kOffice]);
  ASSERT_EQ(draft->status, 200) << draft->body;
  const json text = Body(draft)["draft"];
  EXPECT_EQ(text["title"], "昌吉市、阜康市启动重污染天气橙色预警");
  EXPECT_NE(text["text"].get<std::string>().find("家企业落实应急减排措施"),
            std::string::npos)
      << text["text"];
  EXPECT_TRUE(Body(draft)["published"].is_null());
  const json edited = {
      {"title", text["title"]},
      {"text", text["text"].get<std::string>() + "\n（宣传部审定）"}};
  ExpectProblem(
      Post(base, tokens_[Role::kUnit], edited.dump(), "application/json"), 403);
  ExpectProblem(
      Post(base, tokens_[Role::kOffice],
           json{{"title", ""}, {"text", "x"}}.dump(), "application/json"),
      400);
  auto published =
      Post(base, tokens_[Role::kOffice], edited.dump(), "application/json");
  ASSERT_EQ(published->status, 201) << published->body;
  auto levels = Body(Get("/api/v1/public/levels", ""));
  const auto it = std::find_if(levels.begin(), levels.end(), [](const json& a) {
    return a["area"] == "652301";
  });
  ASSERT_NE(it, levels.end());
  EXPECT_EQ((*it)["press_release"]["title"], text["title"]);
  auto open = Get("/api/v1/public/press/" + id, "");
  ASSERT_EQ(open->status, 200) << open->body;
  EXPECT_EQ(Body(open)["text"], edited["text"]);
  EXPECT_FALSE(Body(open).contains("by"));
  auto drill = Post("/api/v1/warnings", tokens_[Role::kOffice],
                    R"({"level":"yellow","areas":["652301"],"exercise":true,
                        "starts_at":"2026-12-01T08:00:00+08:00","reason":"演练"})",
                    "application/json");
  ASSERT_EQ(drill->status, 201);
  ExpectProblem(Get("/api/v1/warnings/" + Body(drill)["id"].get<std::string>() +
                        "/press-release",
                    tokens_[Role::kOffice]),
                409);
}

// Issue 19.1: a county read a prefecture-wide warning's orders of every
// county; contract v3 keeps it to its area in every read.
TEST_F(ConsoleApi, ACountyReadsItsOwnAreaOnly) {
  const std::string id = ActiveOrange();
  const std::string base = "/api/v1/warnings/" + id;
  const std::string& county = tokens_[Role::kCounty];
  auto orders = Get(base + "/orders?limit=1000", county);
  ASSERT_EQ(orders->status, 200) << orders->body;
  ASSERT_FALSE(Body(orders).empty());
  auto lease = store_->Acquire();
  for (const json& order : Body(orders)) {
    SQLite::Statement area(lease.db(), "SELECT area FROM orgs WHERE id = ?");
    area.bind(1, order["org"].get<std::string>());
    ASSERT_TRUE(area.executeStep());
    EXPECT_EQ(area.getColumn(0).getString(), "652301") << order["org"];
  }
  EXPECT_TRUE(Body(Get(base + "/orders?area=652302", county)).empty());
  auto csv = Get(base + "/orders.csv", county);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->body.find(",652302,"), std::string::npos);
  EXPECT_EQ(std::count(csv->body.begin(), csv->body.end(), '\n'),
            1 + static_cast<int64_t>(Body(orders).size()));
  auto summary = Get(base + "/summary", county);
  ASSERT_EQ(summary->status, 200) << summary->body;
  const json by_area = Body(summary)["orders"]["by_area"];
  EXPECT_TRUE(by_area.contains("652301")) << by_area;
  EXPECT_FALSE(by_area.contains("652302")) << by_area;
  EXPECT_EQ(Body(summary)["area"], "652301");
  auto whole = Body(Get(base + "/summary", tokens_[Role::kOffice]));
  EXPECT_TRUE(whole["orders"]["by_area"].contains("652302"));
  // Another county's order: its reports are not found, as if it did not
  // exist; the county's own are readable.
  auto other = Body(Get(base + "/orders?area=652302", tokens_[Role::kOffice]));
  ASSERT_FALSE(other.empty());
  ExpectProblem(
      Get("/api/v1/orders/" + other[0]["id"].get<std::string>() + "/reports",
          county),
      404);
  const std::string own = Body(orders)[0]["id"];
  EXPECT_EQ(Get("/api/v1/orders/" + own + "/reports", county)->status, 200);
  EXPECT_EQ(Get(base + "/reduction", county)->status, 200);
}

// Issue 19.2: an enterprise and a school read proposed and rejected
// warnings with their internal reasons and who proposed them.
TEST_F(ConsoleApi, RecipientsSeeOnlyWarningsInForceWithoutInternals) {
  const std::string active = ActiveOrange();
  auto proposed = Post("/api/v1/warnings", tokens_[Role::kOffice],
                       R"({"level":"red","areas":["652301"],
                           "starts_at":"2026-12-01T09:00:00+08:00",
                           "reason":"内部研判：拟升级"})",
                       "application/json");
  ASSERT_EQ(proposed->status, 201);
  const std::string pending = Body(proposed)["id"];
  for (Role role : {Role::kEnterprise, Role::kSchool}) {
    auto list = Get("/api/v1/warnings", tokens_[role]);
    ASSERT_EQ(list->status, 200);
    ASSERT_EQ(Body(list).size(), 1u) << list->body;
    const json seen = Body(list)[0];
    EXPECT_EQ(seen["id"], active);
    for (const char* hidden :
         {"proposed_by", "approved_by", "order_counts", "arrival"}) {
      EXPECT_FALSE(seen.contains(hidden)) << hidden;
    }
    ExpectProblem(Get("/api/v1/warnings/" + pending, tokens_[role]), 404);
    ExpectProblem(Get("/api/v1/warnings/" + pending + "/cap", tokens_[role]),
                  404);
    EXPECT_EQ(Get("/api/v1/warnings/" + active + "/cap", tokens_[role])->status,
              200);
  }
  auto staff = Body(Get("/api/v1/warnings", tokens_[Role::kUnit]));
  EXPECT_EQ(staff.size(), 2u);
  EXPECT_TRUE(staff[0].contains("proposed_by"));
}

}  // namespace
// Contract v3: an org's contacts are read by the office, the command, the
// org itself and the county of its area; nobody else sees the field.
TEST_F(ConsoleApi, ContactsAreShownOnlyToThoseWhoCallThem) {
  json plan = testing::SmallPlan();
  for (json& org : plan["orgs"]) {
    if (org["id"] == "ent-1" || org["id"] == "site-1") {
      org["contacts"] = {{{"name", "值班"}, {"phone", "13912345678"}}};
    }
  }
  ASSERT_TRUE(LoadPlan(*store_, plan, "test", clock_).ok());
  const auto contacts_of = [&](const std::string& org, Role role) {
    auto res = Get("/api/v1/orgs/" + org, tokens_[role]);
    EXPECT_EQ(res->status, 200) << res->body;
    return Body(res).value("contacts", json());
  };
  for (Role role :
       {Role::kOffice, Role::kCommand, Role::kCounty, Role::kEnterprise}) {
    EXPECT_EQ(contacts_of("ent-1", role),
              json::parse(R"([{"name":"值班","phone":"+8613912345678"}])"))
        << static_cast<int>(role);
  }
  EXPECT_TRUE(contacts_of("ent-1", Role::kUnit).is_null());
  EXPECT_TRUE(contacts_of("ent-1", Role::kInspector).is_null());
  EXPECT_TRUE(contacts_of("site-1", Role::kCounty).is_null());  // 652302
  EXPECT_EQ(contacts_of("site-1", Role::kOffice).size(), 1u);
}

}  // namespace hazegate
