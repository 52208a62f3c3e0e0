// The warning lifecycle, fan-out, acknowledgements and deadlines, on a real
// SQLite file with a fake clock (no broker: the outbox is inspected).
#include "hazegate/warnings/warnings.h"

#include <gtest/gtest.h>

#include <set>

#include "hazegate/config/plan.h"
#include "hazegate/core/store.h"
#include "hazegate/inspection/cases.h"
#include "hazegate/mqtt/devices.h"
#include "hazegate/orders/deadlines.h"
#include "hazegate/orders/order_queue.h"
#include "hazegate/orders/orders.h"
#include "hazegate/oversight/reports.h"
#include "json_adapters.h"
#include "support.h"

namespace hazegate {
namespace {

using nlohmann::json;

class WarningsTest : public ::testing::Test {
 protected:
  WarningsTest()
      : store_(testing::StoreWithPlan(dir_, clock_)),
        service_(
            *store_, clock_, [this] { ++outbox_wakes_; }, &schedule_),
        orders_(*store_, clock_),
        report_service_(*store_, clock_) {}

  json Issue(const std::string& level, json extra = json::object()) {
    json body = {{"level", level},
                 {"areas", {"652301"}},
                 {"starts_at", "2026-12-01T08:00:00+08:00"},
                 {"reason", "AQI > 200 for 48 h"}};
    body.update(extra);
    auto created = warnings_.Create(body, office_);
    EXPECT_TRUE(created.ok())
        << (created.ok() ? "" : created.error().external_text);
    return created.ok() ? created.value() : json();
  }

  json OrdersOf(const std::string& warning_id) {
    auto list = warnings_.Orders(warning_id, {"", "", "", {1000, ""}});
    EXPECT_TRUE(list.ok());
    return list.value();
  }

  json OrderFor(const std::string& warning_id, const std::string& org,
                const std::string& kind) {
    for (const json& order : OrdersOf(warning_id)) {
      if (order["org"] == org && order["kind"] == kind) return order;
    }
    return nullptr;
  }

  // Outbox payloads on `topic`, oldest first.
  std::vector<json> Outbox(const std::string& topic) {
    auto lease = store_->Acquire();
    SQLite::Statement query(
        lease.db(),
        "SELECT payload FROM outbox WHERE 'hg/' || address = ? "
        "ORDER BY seq");
    query.bind(1, topic);
    std::vector<json> payloads;
    while (query.executeStep()) {
      payloads.push_back(json::parse(query.getColumn(0).getString()));
    }
    return payloads;
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<Store> store_;
  int outbox_wakes_ = 0;
  ReportingSchedule schedule_;
  WarningService service_;
  testing::JsonWarnings warnings_{service_};
  OrderService orders_;
  ReportService report_service_;
  testing::JsonReports reports_{report_service_};
  Actor office_{"duty", "office"};
  Actor command_{"chief", "command"};
};

TEST_F(WarningsTest, YellowIsActiveAtOnceAndFansOutToEveryRecipientKind) {
  const json warning = Issue("yellow");
  EXPECT_EQ(warning["status"], "active");
  EXPECT_EQ(outbox_wakes_, 1);
  std::set<std::pair<std::string, std::string>> got;
  for (const json& order : OrdersOf(warning["id"])) {
    got.insert(
        {order["org"].get<std::string>(), order["kind"].get<std::string>()});
    EXPECT_EQ(order["status"], "pending");
    EXPECT_EQ(order["effective_at"], "2026-12-01T08:00:00+08:00");
  }
  const std::set<std::pair<std::string, std::string>> expected = {
      {"ent-1", "enterprise_measures"},
      {"sch-1", "school_notice"},
      {"unit-gaj", "unit_task"},
      {"group-inspection", "unit_task"},
      {"county-652301", "area_notice"}};  // site-1 is in 652302
  EXPECT_EQ(got, expected);
  EXPECT_EQ(warning["order_counts"], json({{"pending", 5}}));
}

// The published order is written by hand (not through a json object): it
// must be exactly what nlohmann::json would write, escapes included.
TEST_F(WarningsTest, PublishedOrderIsTheJsonOfTheOrder) {
  OrderDraft draft;
  draft.org = "ent-1";
  draft.kind = "rectification";
  draft.title = "整改\"通知\"\\ \x01";
  draft.body = "第一行\n第二行\t\r\b\f\x1f";
  const json measures =
      json::array({{{"case_id", "case-1"}, {"note", "a\"b"}}});
  draft.measures_json = measures.dump();
  draft.effective_at = clock_.Now();
  draft.refers_to = "ord-0";
  std::string id;
  {
    WriteTx tx(*store_);
    id = QueueOrder(tx, draft, clock_.Now());
    tx.Commit();
  }
  const json expected = {{"type", "order"},
                         {"id", id},
                         {"warning_id", nullptr},
                         {"org", "ent-1"},
                         {"kind", "rectification"},
                         {"level", nullptr},
                         {"title", draft.title},
                         {"body", draft.body},
                         {"measures", measures},
                         {"effective_at", "2026-12-01T08:00:00+08:00"},
                         {"ack_due_at", nullptr},
                         {"status", "delivered"},
                         {"delivered_at", nullptr},
                         {"received_at", nullptr},
                         {"received_via", nullptr},
                         {"acked_at", nullptr},
                         {"acked_at_client", nullptr},
                         {"acked_by", nullptr},
                         {"acked_via", nullptr},
                         {"sms", nullptr},
                         {"exercise", false},
                         {"refers_to", "ord-0"}};
  auto lease = store_->Acquire();
  const std::string payload =
      lease.db()
          .execAndGet("SELECT payload FROM outbox WHERE order_id = '" + id +
                      "'")
          .getString();
  EXPECT_EQ(payload, expected.dump());
}

TEST_F(WarningsTest, OrdersCarryThePlansMeasuresTextsAndDeadlines) {
  const json warning = Issue("yellow");
  const json order = OrderFor(warning["id"], "ent-1", "enterprise_measures");
  EXPECT_EQ(
      order["measures"],
      json::parse(R"([{"process":"kiln","action":"limit","load_pct":70}])"));
  EXPECT_NE(order["body"].get<std::string>().find("kiln：限产，负荷不超过70%"),
            std::string::npos);
  // The plan's window for enterprises is 3600 s from issue.
  EXPECT_EQ(order["ack_due_at"],
            FormatRfc3339(clock_.Now() + std::chrono::hours(1)));
  const json county = OrderFor(warning["id"], "county-652301", "area_notice");
  EXPECT_EQ(county["ack_due_at"],
            FormatRfc3339(clock_.Now() + std::chrono::minutes(30)));
  const auto messages = Outbox("hg/orgs/ent-1/orders");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["type"], "order");
  EXPECT_EQ(messages[0]["id"], order["id"]);
}

TEST_F(WarningsTest, AckWithinOverridesThePlansWindows) {
  const json warning = Issue("yellow", {{"ack_within_s", 600}});
  for (const json& order : OrdersOf(warning["id"])) {
    EXPECT_EQ(order["ack_due_at"],
              FormatRfc3339(clock_.Now() + std::chrono::minutes(10)));
  }
}

TEST_F(WarningsTest, AreaTopicIsRetainedWithTheLevelInForce) {
  Issue("yellow");
  const auto messages = Outbox("hg/areas/652301/warning");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["level"], "yellow");
  auto lease = store_->Acquire();
  EXPECT_EQ(
      lease.db()
          .execAndGet("SELECT retained FROM outbox WHERE 'hg/' || address = "
                      "'hg/areas/652301/warning'")
          .getInt(),
      1);
}

TEST_F(WarningsTest, OrangeWaitsForTheCommand) {
  const json warning = Issue("orange");
  EXPECT_EQ(warning["status"], "proposed");
  const json orders = OrdersOf(warning["id"]);
  ASSERT_EQ(orders.size(), 1u);
  EXPECT_EQ(orders[0]["org"], "command");
  EXPECT_EQ(orders[0]["kind"], "approval_request");
  EXPECT_TRUE(Outbox("hg/areas/652301/warning").empty());

  auto approved = warnings_.Approve(warning["id"], command_);
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved.value()["status"], "active");
  EXPECT_EQ(approved.value()["approved_by"], "chief");
  EXPECT_EQ(OrdersOf(warning["id"]).size(), 6u);
  EXPECT_EQ(OrderFor(warning["id"], "command", "approval_request")["status"],
            "acknowledged");
  EXPECT_EQ(Outbox("hg/areas/652301/warning").back()["level"], "orange");
}

TEST_F(WarningsTest, WrongStateIsAConflict) {
  const json yellow = Issue("yellow");
  EXPECT_EQ(warnings_.Approve(yellow["id"], command_).error().kind,
            ErrorKind::kConflict);
  EXPECT_EQ(
      warnings_.Reject(yellow["id"], {{"reason", "no"}}, command_).error().kind,
      ErrorKind::kConflict);
  const json red = Issue("red");
  EXPECT_EQ(warnings_.Lift(red["id"], {{"reason", "x"}}, office_).error().kind,
            ErrorKind::kConflict);
  EXPECT_EQ(warnings_.Approve("wrn-none", command_).error().kind,
            ErrorKind::kNotFound);
}

TEST_F(WarningsTest, RejectClosesTheProposal) {
  const json red = Issue("red");
  auto rejected =
      warnings_.Reject(red["id"], {{"reason", "forecast changed"}}, command_);
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected.value()["status"], "rejected");
  EXPECT_EQ(rejected.value()["close_reason"], "forecast changed");
  EXPECT_EQ(OrdersOf(red["id"]).size(), 1u);  // only the approval request
  EXPECT_EQ(warnings_.Reject(red["id"], json::object(), command_)
                .error()
                .fields.at(0)
                .field,
            "reason");
}

TEST_F(WarningsTest, LiftCancelsOpenOrdersAndNotifiesEveryRecipient) {
  const json warning = Issue("yellow");
  const json ent = OrderFor(warning["id"], "ent-1", "enterprise_measures");
  ASSERT_TRUE(
      orders_.Ack({ent["id"], {"ent-user", "ent-1"}, "https", ""}).ok());
  auto lifted =
      warnings_.Lift(warning["id"], {{"reason", "air improved"}}, office_);
  ASSERT_TRUE(lifted.ok());
  EXPECT_EQ(lifted.value()["status"], "lifted");
  EXPECT_EQ(OrderFor(warning["id"], "ent-1", "enterprise_measures")["status"],
            "acknowledged");
  EXPECT_EQ(OrderFor(warning["id"], "sch-1", "school_notice")["status"],
            "canceled");
  EXPECT_EQ(Outbox("hg/orgs/sch-1/orders").at(1),
            json({{"type", "cancel"},
                  {"order_id",
                   OrderFor(warning["id"], "sch-1", "school_notice")["id"]}}));
  for (const char* org : {"ent-1", "sch-1", "unit-gaj", "county-652301"}) {
    EXPECT_FALSE(OrderFor(warning["id"], org, "lift_notice").is_null()) << org;
  }
  EXPECT_EQ(Outbox("hg/areas/652301/warning").back()["level"], "none");
}

TEST_F(WarningsTest, SupersedingReplacesTheWarningInForce) {
  const json yellow = Issue("yellow");
  const json orange = Issue("orange", {{"supersedes", yellow["id"]},
                                       {"areas", {"652301", "652302"}}});
  ASSERT_TRUE(warnings_.Approve(orange["id"], command_).ok());
  EXPECT_EQ(warnings_.Get(yellow["id"]).value()["status"], "superseded");
  EXPECT_EQ(OrderFor(yellow["id"], "ent-1", "enterprise_measures")["status"],
            "canceled");
  EXPECT_EQ(OrderFor(orange["id"], "site-1", "site_measures")["level"],
            "orange");
  EXPECT_EQ(Outbox("hg/areas/652301/warning").back()["level"], "orange");
  EXPECT_EQ(Outbox("hg/areas/652302/warning").back()["warning_id"],
            orange["id"]);
  // Superseding needs an active warning.
  auto again = warnings_.Create({{"level", "red"},
                                 {"areas", {"652301"}},
                                 {"starts_at", "2026-12-01T08:00:00+08:00"},
                                 {"reason", "r"},
                                 {"supersedes", yellow["id"]}},
                                office_);
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
}

// Issue 22: a drill runs the whole chain, every order (escalations too)
// marked 【演练】 and exercise: true, its CAP an Exercise with its name, and
// never the level in force: no retained area message, none left in force.
TEST_F(WarningsTest, ADrillRunsTheChainButIsNeverTheLevelInForce) {
  const json drill = Issue(
      "orange", {{"exercise", true}, {"exercise_name", "2026年冬季应急演练"}});
  EXPECT_EQ(drill["exercise"], true);
  EXPECT_EQ(drill["exercise_name"], "2026年冬季应急演练");
  ASSERT_TRUE(warnings_.Approve(drill["id"], command_).ok());
  DeadlineScheduler deadlines(*store_, clock_, &CaseService::OpenForSilence);
  clock_.Advance(std::chrono::minutes(61));
  ASSERT_GT(deadlines.Tick().value(), 0);
  const json orders = OrdersOf(drill["id"]);
  std::set<std::string> kinds;
  for (const json& order : orders) {
    kinds.insert(order["kind"].get<std::string>());
    EXPECT_EQ(order["exercise"], true) << order["kind"];
    EXPECT_TRUE(order["title"].get<std::string>().starts_with("【演练】"))
        << order["title"];
  }
  EXPECT_TRUE(kinds.contains("approval_request"));
  EXPECT_TRUE(kinds.contains("escalation"));
  EXPECT_TRUE(kinds.contains("enterprise_measures"));
  EXPECT_EQ(Outbox("hg/orgs/ent-1/orders").at(0)["exercise"], true);
  EXPECT_TRUE(Outbox("hg/areas/652301/warning").empty());
  const std::string cap = service_.Cap(drill["id"]).value();
  EXPECT_NE(cap.find("<status>Exercise</status>"), std::string::npos);
  EXPECT_NE(cap.find("<note>演练：2026年冬季应急演练</note>"),
            std::string::npos);
  ASSERT_TRUE(
      warnings_.Lift(drill["id"], {{"reason", "演练结束"}}, office_).ok());
  EXPECT_TRUE(Outbox("hg/areas/652301/warning").empty());
  EXPECT_EQ(service_.List("", {100, ""}, {}, true).value().size(), 1u);
  EXPECT_TRUE(service_.List("", {100, ""}, {}, false).value().empty());
}

// A real warning never replaces a drill, nor a drill a real warning; a name
// is only for a drill.
TEST_F(WarningsTest, DrillsAndRealWarningsDoNotSupersedeEachOther) {
  const json real = Issue("yellow");
  const json drill = Issue("yellow", {{"exercise", true}});
  for (const auto& [old, exercise] :
       {std::pair{real, true}, std::pair{drill, false}}) {
    auto crossed = warnings_.Create({{"level", "orange"},
                                     {"areas", {"652301"}},
                                     {"starts_at", "2026-12-01T08:00:00+08:00"},
                                     {"reason", "r"},
                                     {"exercise", exercise},
                                     {"supersedes", old["id"]}},
                                    office_);
    ASSERT_FALSE(crossed.ok());
    EXPECT_EQ(crossed.error().fields.at(0).field, "supersedes");
  }
  EXPECT_EQ(Outbox("hg/areas/652301/warning").back()["warning_id"], real["id"]);
  auto named = warnings_.Create({{"level", "yellow"},
                                 {"areas", {"652301"}},
                                 {"starts_at", "2026-12-01T08:00:00+08:00"},
                                 {"reason", "r"},
                                 {"exercise", "yes"},
                                 {"exercise_name", "x"}},
                                office_);
  ASSERT_FALSE(named.ok());
  std::set<std::string> fields;
  for (const auto& e : named.error().fields) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"exercise", "exercise_name"}));
}

TEST_F(WarningsTest, BadRequestsNameTheirFields) {
  auto bad = warnings_.Create({{"level", "purple"},
                               {"areas", json::array()},
                               {"starts_at", "tomorrow"},
                               {"ends_at", "2026-11-01T00:00:00Z"},
                               {"ack_within_s", 5}},
                              office_);
  ASSERT_FALSE(bad.ok());
  std::set<std::string> fields;
  for (const auto& f : bad.error().fields) fields.insert(f.field);
  EXPECT_EQ(fields, (std::set<std::string>{"level", "areas", "starts_at",
                                           "reason", "ack_within_s"}));
  auto unknown_area =
      warnings_.Create({{"level", "yellow"},
                        {"areas", {"000000"}},
                        {"starts_at", "2026-12-01T08:00:00+08:00"},
                        {"reason", "r"}},
                       office_);
  EXPECT_EQ(unknown_area.error().fields.at(0).field, "areas");
  auto lease = store_->Acquire();
  EXPECT_EQ(lease.db().execAndGet("SELECT count(*) FROM warnings").getInt(), 0);
}

TEST_F(WarningsTest, AcknowledgementIsIdempotentAndOnlyForTheAddressedOrg) {
  const json warning = Issue("yellow");
  const std::string id =
      OrderFor(warning["id"], "sch-1", "school_notice")["id"];
  EXPECT_EQ(orders_.Ack({id, {"intruder", "ent-1"}, "https", ""}).error().kind,
            ErrorKind::kNotFound);
  auto first = orders_.Ack({id, {"teacher", "sch-1"}, "mqtt", "收到"});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.value().status, "acknowledged");
  EXPECT_EQ(first.value().acked_by, "teacher");
  clock_.Advance(std::chrono::minutes(5));
  auto again = orders_.Ack({id, {"teacher2", "sch-1"}, "https", ""});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().acked_at, first.value().acked_at);
  EXPECT_EQ(again.value().acked_by, "teacher");
}

TEST_F(WarningsTest, AckOnACanceledOrderIsAConflict) {
  const json warning = Issue("yellow");
  const std::string id =
      OrderFor(warning["id"], "sch-1", "school_notice")["id"];
  ASSERT_TRUE(warnings_.Lift(warning["id"], {{"reason", "ok"}}, office_).ok());
  EXPECT_EQ(orders_.Ack({id, {"teacher", "sch-1"}, "https", ""}).error().kind,
            ErrorKind::kConflict);
}

TEST_F(WarningsTest, ReportsAreStoredForTheAddressedOrg) {
  const json warning = Issue("yellow");
  const std::string id = OrderFor(warning["id"], "unit-gaj", "unit_task")["id"];
  auto report = reports_.Report(
      id, {{"text", "已落实限行"}, {"figures", {{"trucks_stopped", 312}}}},
      {"police", "unit-gaj"});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report.value().body["figures"]["trucks_stopped"], 312);
  EXPECT_TRUE(report.value().created);
  EXPECT_EQ(
      reports_.Report(id, {{"text", "x"}}, {"other", "ent-1"}).error().kind,
      ErrorKind::kNotFound);
  EXPECT_EQ(reports_.Report(id, {{"figures", {{"a", "b"}}}}, {"p", "unit-gaj"})
                .error()
                .fields.at(0)
                .field,
            "text");
}

// Issue 19.4: 15 MiB reports, figures of 1e300, retries filed twice.
TEST_F(WarningsTest, ReportsAreBoundedAndTheirClientIdDeduplicates) {
  const json warning = Issue("yellow");
  const std::string id = OrderFor(warning["id"], "unit-gaj", "unit_task")["id"];
  const Actor police{"police", "unit-gaj"};
  const auto field_of = [&](const json& body) {
    auto filed = reports_.Report(id, body, police);
    return filed.ok() ? std::string("ok") : filed.error().fields.at(0).field;
  };
  EXPECT_EQ(field_of({{"text", std::string(4001, 'a')}}), "text");
  EXPECT_EQ(field_of({{"text", "第一行\t第二行"}}), "text");
  EXPECT_EQ(field_of({{"text", "a"}, {"figures", {{"n", 1e300}}}}),
            "figures.n");
  EXPECT_EQ(field_of({{"text", "a"}, {"figures", {{"n", -1}}}}), "figures.n");
  EXPECT_EQ(field_of({{"id", "a b"}, {"text", "a"}}), "id");
  const json body = {{"id", "c0ffee-1"}, {"text", "第一行\n第二行"}};
  auto first = reports_.Report(id, body, police);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first.value().created);
  EXPECT_EQ(first.value().body["id"], "c0ffee-1");
  auto again = reports_.Report(id, body, police);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again.value().created);
  EXPECT_EQ(again.value().body["created_at"], first.value().body["created_at"]);
  EXPECT_EQ(reports_.Report(id, {{"id", "c0ffee-1"}, {"text", "别的"}}, police)
                .error()
                .kind,
            ErrorKind::kConflict);
  for (int i = 1; i < ReportService::kMaxReportsPerOrder; ++i) {
    ASSERT_TRUE(reports_.Report(id, {{"text", "续报"}}, police).ok());
  }
  EXPECT_EQ(reports_.Report(id, {{"text", "第21份"}}, police).error().kind,
            ErrorKind::kConflict);
  // A replay is still answered once the order is full.
  EXPECT_FALSE(reports_.Report(id, body, police).value().created);
}

// Issue 19.5: 2,000 broker accounts for one school in 1.8 s.
TEST_F(WarningsTest, AnOrgHoldsAtMostItsLimitOfDevices) {
  DeviceService devices(*store_, clock_, "tcp://127.0.0.1:1883", "hazegate", 2);
  const Actor principal{"principal", "sch-1"};
  auto first = devices.Create(principal, "手机1");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(devices.Create(principal, "手机2").ok());
  auto third = devices.Create(principal, "手机3");
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().kind, ErrorKind::kConflict);
  EXPECT_NE(third.error().external_text.find("2"), std::string::npos);
  EXPECT_TRUE(devices.Create({"manager", "ent-1"}, "手机").ok());
  ASSERT_TRUE(devices.Delete(principal, first.value().id).ok());
  EXPECT_TRUE(devices.Create(principal, "手机3").ok());
}

TEST_F(WarningsTest, OverdueOrdersEscalateAndOpenNoAckCases) {
  const json warning = Issue("yellow");
  DeadlineScheduler deadlines(*store_, clock_, &CaseService::OpenForSilence);
  ASSERT_EQ(deadlines.Tick().value(), 0);
  clock_.Advance(std::chrono::minutes(31));  // county's 30 min window passed
  ASSERT_EQ(deadlines.Tick().value(), 1);
  EXPECT_EQ(OrderFor(warning["id"], "county-652301", "area_notice")["status"],
            "overdue");
  const json to_office = OrderFor(warning["id"], "office", "escalation");
  ASSERT_FALSE(to_office.is_null());
  clock_.Advance(std::chrono::minutes(30));  // everyone else's hour passed
  ASSERT_EQ(deadlines.Tick().value(), 4);
  const json escalations = OrdersOf(warning["id"]);
  std::map<std::string, std::string>
      target_of;  // overdue order's org -> target
  for (const json& order : escalations) {
    if (order["kind"] != "escalation") continue;
    target_of[order["measures"][0]["org"]] = order["org"];
  }
  EXPECT_EQ(target_of["ent-1"], "county-652301");
  EXPECT_EQ(target_of["sch-1"], "county-652301");
  EXPECT_EQ(target_of["unit-gaj"], "office");
  EXPECT_EQ(target_of["county-652301"], "office");
  auto lease = store_->Acquire();
  EXPECT_EQ(lease.db()
                .execAndGet("SELECT count(*) FROM cases WHERE type = 'no_ack' "
                            "AND site = 'ent-1'")
                .getInt(),
            1);
}

// Issue 12.5: an order to a group reaches its lead and members, each in its
// role; a unit that is only a group member gets only that.
TEST_F(WarningsTest, AGroupsTasksReachItsLeadAndMembers) {
  json plan = testing::SmallPlan();
  for (json& org : plan["orgs"]) {
    if (org["id"] == "group-inspection") {
      org["lead"] = "office";
      org["members"] = {"unit-gaj", "unit-ducha"};
    }
  }
  plan["orgs"].push_back({{"id", "unit-ducha"},
                          {"kind", "unit"},
                          {"name", "州人民政府督查室"},
                          {"area", "652300"}});
  ASSERT_TRUE(LoadPlan(*store_, plan, "test", clock_).ok());
  const json warning = Issue("yellow");
  std::map<std::string, std::vector<std::string>> titles;
  for (const json& order : OrdersOf(warning["id"])) {
    if (order["kind"] == "unit_task") {
      titles[order["org"]].push_back(order["title"]);
    }
  }
  EXPECT_EQ(titles["office"], std::vector<std::string>{
                                  "黄色预警：督导检查组工作任务（牵头单位）"});
  EXPECT_EQ(
      titles["unit-ducha"],
      std::vector<std::string>{"黄色预警：督导检查组工作任务（成员单位）"});
  EXPECT_EQ(titles["unit-gaj"].size(), 2u) << "its own tasks and the group's";
  EXPECT_EQ(titles["group-inspection"].size(), 1u);
  const json member = OrderFor(warning["id"], "unit-ducha", "unit_task");
  EXPECT_EQ(member["measures"], json({"task y"}));

  // A unit with no tasks must be in a group; members must exist.
  plan["orgs"].back()["id"] = "unit-alone";
  auto issues = ValidatePlan(plan);
  std::vector<std::string> pointers;
  for (const PlanIssue& issue : issues) pointers.push_back(issue.pointer);
  const std::string alone = "/orgs/" + std::to_string(plan["orgs"].size() - 1);
  EXPECT_EQ(pointers,
            (std::vector<std::string>{"/orgs/3/members/1", alone + "/tasks"}));
}

}  // namespace
}  // namespace hazegate
