// The reporting schedule (issue 12.2): who owes which report by when, the
// figures a report must carry, reminders to the org and escalations to the
// office, driven by the notifier's scheduler from the database.
#include <gtest/gtest.h>

#include <thread>

#include "fake_broker.h"
#include "hazegate/app/scheduler.h"
#include "hazegate/app/schema.h"
#include "hazegate/config/plan.h"
#include "hazegate/core/store.h"
#include "hazegate/mqtt/mqtt_delivery.h"
#include "hazegate/orders/orders.h"
#include "hazegate/oversight/reports.h"
#include "hazegate/warnings/warnings.h"
#include "json_adapters.h"
#include "mqtt_support.h"

namespace hazegate {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

json PlanWithReporting() {
  json plan = testing::SmallPlan();
  plan["reporting"] = json::parse(R"([
    {"id": "daily", "kinds": ["unit", "county"], "schedule": "daily",
     "at": "14:00", "escalate_after_h": 2, "title": "每日落实情况",
     "figures": [{"name": "出动检查人员", "unit": "人次"},
                 {"name": "停工工地", "unit": "个"}]},
    {"id": "enterprise", "kinds": ["enterprise"], "schedule": "after_order",
     "within_h": 24, "title": "企业落实情况",
     "figures": [{"name": "停产工序", "unit": "个"}]},
    {"id": "school", "kinds": ["school"], "schedule": "after_order",
     "within_h": 24, "title": "学校落实情况"}])");
  return plan;
}

class Reporting : public ::testing::Test {
 protected:
  Reporting()
      : store_(std::move(Store::Open(dir_.File("r.db"), HazegateSchema()))
                   .value()),
        service_(*store_, clock_, nullptr, &schedule_),
        report_service_(*store_, clock_) {
    EXPECT_TRUE(LoadPlan(*store_, PlanWithReporting(), "test", clock_).ok());
    notifier_ = std::make_unique<MqttDelivery>(*store_, clock_, broker_,
                                               MqttDeliveryOptions{"hg", {}});
    scheduler_ = std::make_unique<Scheduler>(
        *store_, clock_,
        SchedulerOptions{20ms, std::chrono::seconds(60), nullptr, nullptr,
                         [this] { notifier_->OutboxWritten(); }});
    notifier_->Start();
    scheduler_->Start();
    // 2026-12-01 08:00 Beijing time: yellow over 652301.
    auto created = warnings_.Create({{"level", "yellow"},
                                     {"areas", {"652301"}},
                                     {"starts_at", "2026-12-01T08:00:00+08:00"},
                                     {"reason", "r"}},
                                    {"duty", "office"});
    EXPECT_TRUE(created.ok());
    warning_ = created.value()["id"];
  }
  ~Reporting() override {
    scheduler_->Stop();
    notifier_->Stop();
  }

  // org -> [status…] in deadline order.
  std::map<std::string, std::vector<std::string>> Statuses() {
    auto list = reports_.Reporting(warning_, {ReportScope::Kind::kAll, ""});
    EXPECT_TRUE(list.ok());
    std::map<std::string, std::vector<std::string>> by_org;
    for (const json& due : list.value()) {
      by_org[due["org"]].push_back(due["status"]);
    }
    return by_org;
  }

  json Due(const std::string& org, size_t index = 0) {
    const auto list =
        reports_.Reporting(warning_, {ReportScope::Kind::kAll, ""});
    std::vector<json> found;
    if (!list.ok()) return json();
    for (const json& due : list.value()) {
      if (due["org"] == org) found.push_back(due);
    }
    return index < found.size() ? found[index] : json();
  }

  std::string OrderOf(const std::string& org) {
    auto lease = store_->Acquire();
    SQLite::Statement query(lease.db(),
                            "SELECT id FROM orders WHERE org = ? AND "
                            "warning_id = ?");
    query.bind(1, org);
    query.bind(2, warning_);
    return query.executeStep() ? query.getColumn(0).getString() : "";
  }

  int Escalations(const std::string& to, const std::string& stage) {
    auto lease = store_->Acquire();
    SQLite::Statement query(
        lease.db(),
        "SELECT count(*) FROM orders WHERE kind = 'escalation' AND org = ? "
        "AND json_extract(measures, '$[0].stage') = ?");
    query.bind(1, to);
    query.bind(2, stage);
    query.executeStep();
    return query.getColumn(0).getInt();
  }

  Result<json> File(const std::string& org, const json& figures) {
    auto filed = reports_.Report(OrderOf(org),
                                 {{"text", "已落实"}, {"figures", figures}},
                                 {org + "-user", org});
    if (!filed.ok()) return filed.error();
    return filed.value().body;
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<Store> store_;
  ReportingSchedule schedule_;
  WarningService service_;
  testing::JsonWarnings warnings_{service_};
  ReportService report_service_;
  testing::JsonReports reports_{report_service_};
  testing::FakeBroker broker_;
  std::unique_ptr<MqttDelivery> notifier_;
  std::unique_ptr<Scheduler> scheduler_;
  std::string warning_;
};

TEST_F(Reporting, EachRecipientOwesItsReportByItsDeadline) {
  EXPECT_EQ(Due("unit-gaj")["due_at"], "2026-12-01T14:00:00+08:00");
  EXPECT_EQ(Due("unit-gaj")["rule"], "daily");
  EXPECT_EQ(Due("unit-gaj")["title"], "每日落实情况");
  // What a client needs to file it: the order, and the template to fill.
  EXPECT_EQ(Due("unit-gaj")["order_id"], OrderOf("unit-gaj"));
  EXPECT_EQ(Due("ent-1")["figures"],
            json::parse(R"([{"name": "停产工序", "unit": "个"}])"));
  EXPECT_EQ(Due("sch-1")["figures"], json::array());
  EXPECT_EQ(Due("county-652301")["kind"], "county");
  EXPECT_EQ(Due("ent-1")["due_at"], "2026-12-02T08:00:00+08:00");
  EXPECT_EQ(Due("sch-1")["due_at"], "2026-12-02T08:00:00+08:00");
  EXPECT_TRUE(Due("site-1").is_null()) << "site-1 is outside the warning";
  EXPECT_TRUE(Due("group-inspection").is_null()) << "no rule for groups";
  EXPECT_EQ(Statuses()["unit-gaj"], std::vector<std::string>{"due"});
}

TEST_F(Reporting, FiguresFollowTheTemplate) {
  auto missing = File("unit-gaj", {{"出动检查人员", 12}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().fields.at(0).field, "figures.停工工地");
  auto extra = File("unit-gaj",
                    {{"出动检查人员", 12}, {"停工工地", 3}, {"检查企业", 4}});
  ASSERT_FALSE(extra.ok());
  EXPECT_EQ(extra.error().fields.at(0).field, "figures.检查企业");
  auto negative = File("unit-gaj", {{"出动检查人员", -1}, {"停工工地", 3}});
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().fields.at(0).field, "figures.出动检查人员");
  EXPECT_EQ(Statuses()["unit-gaj"], std::vector<std::string>{"due"})
      << "nothing stored by a refused report";
  ASSERT_TRUE(File("unit-gaj", {{"出动检查人员", 12}, {"停工工地", 3}}).ok());
  EXPECT_EQ(Due("unit-gaj")["status"], "received");
  EXPECT_TRUE(Due("unit-gaj").contains("report_id"));
  EXPECT_TRUE(File("sch-1", json::object()).ok()) << "no template: free";
}

TEST_F(Reporting, MissingReportsAreChasedThenEscalatedAndLateOnesMarked) {
  ASSERT_TRUE(File("unit-gaj", {{"出动检查人员", 5}, {"停工工地", 1}}).ok());
  clock_.Advance(6h + 1s);  // 14:00:01
  ASSERT_TRUE(testing::Eventually(
      [&] { return Escalations("county-652301", "reminder") == 1; }));
  EXPECT_EQ(Escalations("unit-gaj", "reminder"), 0) << "it had reported";
  EXPECT_EQ(Due("county-652301")["status"], "missing");
  // The next day's report is owed now that today's deadline has passed.
  ASSERT_TRUE(testing::Eventually([&] {
    return Due("county-652301", 1)["due_at"] == "2026-12-02T14:00:00+08:00";
  }));
  EXPECT_EQ(Escalations("office", "escalation"), 0);
  clock_.Advance(2h);  // 16:00:01: escalate_after_h = 2
  ASSERT_TRUE(testing::Eventually(
      [&] { return Escalations("office", "escalation") == 1; }));
  clock_.Advance(1h);
  ASSERT_TRUE(
      File("county-652301", {{"出动检查人员", 30}, {"停工工地", 6}}).ok());
  EXPECT_EQ(Due("county-652301")["status"], "late");
  EXPECT_EQ(Due("county-652301", 1)["status"], "due");
  EXPECT_EQ(Escalations("county-652301", "reminder"), 1) << "sent once";

  // Lifted: what is not yet due is no longer owed; the record stays.
  ASSERT_TRUE(
      warnings_.Lift(warning_, {{"reason", "好转"}}, {"duty", "office"}).ok());
  const auto statuses = Statuses();
  EXPECT_EQ(statuses.at("county-652301"), std::vector<std::string>{"late"});
  EXPECT_EQ(statuses.at("unit-gaj"), std::vector<std::string>{"received"});
  EXPECT_FALSE(statuses.contains("ent-1"));
}

TEST(ReportingPlan, RulesAreCheckedWithPointers) {
  json plan = PlanWithReporting();
  plan["reporting"][0]["at"] = "25:00";
  plan["reporting"][1]["kinds"] = {"planet"};
  plan["reporting"][2]["schedule"] = "weekly";
  plan["reporting"].push_back(
      {{"id", "daily"},
       {"title", "x"},
       {"orgs", {"nobody"}},
       {"schedule", "daily"},
       {"at", "09:00"},
       {"figures",
        {{{"name", "a"}, {"unit", "个"}}, {{"name", "a"}, {"unit", "个"}}}}});
  std::vector<std::string> pointers;
  for (const PlanIssue& issue : ValidatePlan(plan)) {
    pointers.push_back(issue.pointer);
  }
  EXPECT_EQ(pointers,
            (std::vector<std::string>{"/reporting/0/at", "/reporting/1/kinds/0",
                                      "/reporting/2/schedule",
                                      "/reporting/3/id", "/reporting/3/orgs/0",
                                      "/reporting/3/figures/1/name"}));
}

}  // namespace
}  // namespace hazegate
