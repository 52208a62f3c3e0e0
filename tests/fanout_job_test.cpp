// A fan-out written in chunks after its activation's commit (warnings.h's
// FanOutOptions), and the job a killed process left open, finished at the
// next start: on a real SQLite file with a fake clock. The process killed
// mid job is Crash.KilledMidAChunkedFanOut… (crash_test.cpp).
#include <gtest/gtest.h>

#include <map>

#include "hazegate/core/store.h"
#include "hazegate/warnings/warnings.h"
#include "json_adapters.h"
#include "support.h"

namespace hazegate {
namespace {

using nlohmann::json;

// Hears each chunk of a fan-out: how many calls, how many orders.
class CountingEvents : public WarningEvents {
 public:
  void FannedOut(WriteTx&, const std::string&, const std::string&,
                 const std::vector<FannedOutOrder>& orders,
                 TimePoint) override {
    ++chunks;
    for (const FannedOutOrder& order : orders) ++orders_by_org[order.org];
  }
  void Ended(WriteTx&, const std::string&, TimePoint) override {}

  int chunks = 0;
  std::map<std::string, int> orders_by_org;
};

class FanOutJobTest : public ::testing::Test {
 protected:
  FanOutJobTest() : store_(testing::StoreWithPlan(dir_, clock_)) {}

  // A service writing `chunk` orders per transaction.
  std::unique_ptr<WarningService> Service(size_t chunk) {
    return std::make_unique<WarningService>(
        *store_, clock_, [this] { ++outbox_wakes_; }, &events_,
        FanOutOptions{chunk, 0});
  }

  json IssueYellow(WarningService& service, bool exercise = false) {
    testing::JsonWarnings warnings(service);
    auto created = warnings.Create({{"level", "yellow"},
                                    {"areas", {"652301"}},
                                    {"starts_at", "2026-12-01T08:00:00+08:00"},
                                    {"reason", "AQI > 200"},
                                    {"exercise", exercise}},
                                   office_);
    EXPECT_TRUE(created.ok());
    return created.ok() ? created.value() : json();
  }

  int Count(const std::string& sql) {
    auto lease = store_->Acquire();
    return lease.db().execAndGet(sql).getInt();
  }

  void Exec(const std::string& sql) {
    auto lease = store_->Acquire();
    lease.db().exec(sql);
  }

  // What a process killed after the activation's chunk leaves: the job
  // open, the orders of `orgs` (and their outbox rows) never written.
  void Unwrite(const std::string& warning_id, const std::string& orgs) {
    const std::string of = "SELECT id FROM orders WHERE warning_id = '" +
                           warning_id + "' AND org IN (" + orgs + ")";
    Exec("DELETE FROM outbox WHERE order_id IN (" + of + ")");
    Exec("DELETE FROM order_reports WHERE order_id IN (" + of + ")");
    Exec("DELETE FROM report_dues WHERE order_id IN (" + of + ")");
    Exec("DELETE FROM orders WHERE warning_id = '" + warning_id +
         "' AND org IN (" + orgs + ")");
    Exec(
        "INSERT INTO fanout_jobs (warning_id, planned, activated_at) VALUES "
        "('" +
        warning_id + "', 5, 1764547200)");
  }

  // org -> its orders of the warning.
  std::map<std::string, int> OrdersByOrg(const std::string& warning_id) {
    auto lease = store_->Acquire();
    SQLite::Statement query(lease.db(),
                            "SELECT org, count(*) FROM orders WHERE "
                            "warning_id = ? GROUP BY org");
    query.bind(1, warning_id);
    std::map<std::string, int> orgs;
    while (query.executeStep()) {
      orgs[query.getColumn(0).getString()] = query.getColumn(1).getInt();
    }
    return orgs;
  }

  const std::map<std::string, int> kEachOnce = {{"county-652301", 1},
                                                {"ent-1", 1},
                                                {"group-inspection", 1},
                                                {"sch-1", 1},
                                                {"unit-gaj", 1}};

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<Store> store_;
  CountingEvents events_;
  int outbox_wakes_ = 0;
  Actor office_{"duty", "office"};
};

TEST_F(FanOutJobTest, ChunksAreCommittedAndAnnouncedOneByOneAndCloseTheJob) {
  auto service = Service(2);
  const json warning = IssueYellow(*service);
  EXPECT_EQ(warning["order_counts"], json({{"pending", 5}}))
      << "the call returns once every chunk is written";
  EXPECT_EQ(OrdersByOrg(warning["id"]), kEachOnce);
  EXPECT_EQ(outbox_wakes_, 3) << "5 orders in chunks of 2: three commits";
  EXPECT_EQ(events_.chunks, 3);
  EXPECT_EQ(events_.orders_by_org, kEachOnce);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE order_id IS NOT NULL"), 5);
  EXPECT_EQ(Count("SELECT count(*) FROM fanout_jobs WHERE planned = 5 AND "
                  "finished_at IS NOT NULL"),
            1);
}

TEST_F(FanOutJobTest, AFanOutThatFitsOneChunkIsNoJob) {
  auto service = Service(0);
  IssueYellow(*service);
  EXPECT_EQ(outbox_wakes_, 1);
  EXPECT_EQ(events_.chunks, 1);
  EXPECT_EQ(Count("SELECT count(*) FROM fanout_jobs"), 0);
}

// A drill's titles carry 【演练】: the orders written are still recognized.
TEST_F(FanOutJobTest, ResumeWritesOnlyWhatTheKilledProcessDidNotWrite) {
  const json drill = IssueYellow(*Service(0), true);
  const std::string id = drill["id"];
  const int kept_before =
      Count("SELECT count(*) FROM orders WHERE org IN ('ent-1', 'unit-gaj')");
  Unwrite(id, "'sch-1', 'group-inspection', 'county-652301'");
  events_ = CountingEvents();

  auto resumed = Service(2)->ResumeFanOuts();
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(resumed.value(), 1);
  EXPECT_EQ(OrdersByOrg(id), kEachOnce);
  EXPECT_EQ(Count("SELECT count(*) FROM orders WHERE org IN ('ent-1', "
                  "'unit-gaj')"),
            kept_before);
  EXPECT_EQ(events_.orders_by_org,
            (std::map<std::string, int>{
                {"county-652301", 1}, {"group-inspection", 1}, {"sch-1", 1}}));
  EXPECT_EQ(Count("SELECT count(*) FROM orders WHERE warning_id = '" + id +
                  "' AND title LIKE '【演练】%' AND exercise = 1"),
            5);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE order_id IS NOT NULL"), 5);
  EXPECT_EQ(Count("SELECT count(*) FROM fanout_jobs WHERE finished_at IS "
                  "NULL"),
            0);
  EXPECT_EQ(Service(2)->ResumeFanOuts().value(), 0) << "nothing left open";
}

TEST_F(FanOutJobTest, AJobOfAWarningLiftedMeanwhileIsClosedWithoutOrders) {
  auto service = Service(0);
  const json warning = IssueYellow(*service);
  const std::string id = warning["id"];
  Unwrite(id, "'sch-1'");
  testing::JsonWarnings warnings(*service);
  ASSERT_TRUE(warnings.Lift(id, {{"reason", "AQI < 150"}}, office_).ok());
  const int orders = Count("SELECT count(*) FROM orders");

  EXPECT_EQ(Service(2)->ResumeFanOuts().value(), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM orders"), orders);
  EXPECT_EQ(OrdersByOrg(id).count("sch-1"), 0u);
  EXPECT_EQ(Count("SELECT count(*) FROM fanout_jobs WHERE finished_at IS "
                  "NULL"),
            0);
}

}  // namespace
}  // namespace hazegate
