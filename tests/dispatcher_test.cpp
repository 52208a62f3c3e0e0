// The dispatcher and MQTT acknowledgement intake against an in-memory broker.
#include "hazegate/orders/dispatcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "fake_broker.h"
#include "hazegate/app/scheduler.h"
#include "hazegate/core/store.h"
#include "hazegate/mqtt/mqtt_channel.h"
#include "hazegate/mqtt/mqtt_delivery.h"
#include "hazegate/orders/order_queue.h"
#include "hazegate/warnings/warnings.h"
#include "json_adapters.h"
#include "support.h"

namespace hazegate {
namespace {

using nlohmann::json;
using testing::FakeBroker;

using testing::Eventually;

// Waits until the dispatcher has gone round its loop twice more: whatever
// it was going to do on what it saw, it has done.
void TwoRoundsPass(const Dispatcher& dispatcher) {
  const uint64_t seen = dispatcher.rounds();
  ASSERT_TRUE(Eventually([&] { return dispatcher.rounds() >= seen + 2; }));
}

// Connects the fake link's handlers to the dispatcher, as MqttDelivery does.
void Wire(FakeBroker& link, Dispatcher& dispatcher) {
  link.Start({[&](uint64_t t) { dispatcher.OnDelivered(t); },
              [&](uint64_t t) { dispatcher.OnFailed(t); },
              [&](bool up) { dispatcher.OnConnection(up); }, nullptr});
}

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest()
      : store_(testing::StoreWithPlan(dir_, clock_)),
        service_(*store_, clock_, nullptr) {}

  // The distinct messages (tags) published from the `first`th send on.
  std::set<uint64_t> TagsSentSince(size_t first) {
    const auto sent = broker_.sent();
    std::set<uint64_t> tags;
    for (size_t i = first; i < sent.size(); ++i) tags.insert(sent[i].tag);
    return tags;
  }

  void IssueYellow() {
    ASSERT_TRUE(warnings_
                    .Create({{"level", "yellow"},
                             {"areas", {"652301"}},
                             {"starts_at", "2026-12-01T08:00:00+08:00"},
                             {"reason", "r"}},
                            {"duty", "office"})
                    .ok());
  }

  int Count(const std::string& sql) {
    auto lease = store_->Acquire();
    return lease.db().execAndGet(sql).getInt();
  }

  // The MQTT delivery and the scheduler on the fake broker, as the server
  // runs them; /metrics shows both.
  struct Running {
    Running(DispatcherTest& test)
        : delivery(*test.store_, test.clock_, test.broker_,
                   MqttDeliveryOptions{"hg", {}}),
          scheduler(*test.store_, test.clock_,
                    {std::chrono::seconds(1), std::chrono::seconds(60), nullptr,
                     [this] { return delivery.Connected(); },
                     [this] { delivery.OutboxWritten(); }}) {}
    ~Running() { Stop(); }
    void Stop() {
      scheduler.Stop();
      delivery.Stop();
    }
    std::string Metrics() const {
      return delivery.Metrics() + scheduler.Metrics();
    }
    MqttDelivery delivery;
    Scheduler scheduler;
  };

  // Both started, the delivery subscribed to the acks.
  std::unique_ptr<Running> StartNotifier() {
    auto running = std::make_unique<Running>(*this);
    running->delivery.Start();
    running->scheduler.Start();
    EXPECT_TRUE(Eventually([&] { return !broker_.subscriptions().empty(); }));
    return running;
  }

  // The id of the school's order (after IssueYellow).
  std::string SchoolOrder() {
    auto lease = store_->Acquire();
    return lease.db()
        .execAndGet("SELECT id FROM orders WHERE org = 'sch-1'")
        .getString();
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<Store> store_;
  WarningService service_;
  testing::JsonWarnings warnings_{service_};
  FakeBroker broker_;
  MqttChannel channel_{broker_, "hg"};
};

TEST_F(DispatcherTest, PublishesTheOutboxAndMarksOrdersDeliveredOnAck) {
  IssueYellow();  // 5 orders + 1 retained area message
  Dispatcher dispatcher(*store_, channel_, clock_, {});
  Wire(broker_, dispatcher);
  dispatcher.Start();
  ASSERT_TRUE(Eventually([&] { return broker_.sent().size() == 6; }));
  EXPECT_EQ(Count("SELECT count(*) FROM orders WHERE status = 'pending'"), 5);
  EXPECT_FALSE(dispatcher.last_delivery_at().has_value());
  EXPECT_FALSE(dispatcher.last_enqueue_at().has_value());
  dispatcher.Wake();  // as a service does after committing outbox rows
  EXPECT_EQ(dispatcher.last_enqueue_at(), clock_.Now());
  clock_.Advance(std::chrono::seconds(42));
  broker_.AckAll();
  ASSERT_TRUE(Eventually([&] {
    return Count("SELECT count(*) FROM orders WHERE status = 'delivered'") == 5;
  }));
  EXPECT_TRUE(
      Eventually([&] { return Count("SELECT count(*) FROM outbox") == 0; }));
  EXPECT_EQ(Count("SELECT count(*) FROM orders WHERE delivered_at IS NULL"), 0);
  EXPECT_EQ(dispatcher.last_delivery_at(), clock_.Now());  // when acked
  dispatcher.Stop();
}

TEST_F(DispatcherTest, WaitsWhileDisconnectedAndResendsWhatWasInFlight) {
  broker_.SetConnected(false);
  IssueYellow();
  Dispatcher dispatcher(*store_, channel_, clock_, {});
  Wire(broker_, dispatcher);
  dispatcher.Start();
  TwoRoundsPass(dispatcher);
  EXPECT_TRUE(broker_.sent().empty());
  broker_.SetConnected(true);
  // All six go out. (The dispatcher may see the reconnection after it has
  // already published them, and send them again: at least once, not once.)
  ASSERT_TRUE(Eventually([&] { return TagsSentSince(0).size() == 6; }));
  // The link drops before any PUBACK: all six go out again after it is back.
  const size_t before_drop = broker_.sent().size();
  broker_.SetConnected(false);
  broker_.SetConnected(true);
  ASSERT_TRUE(
      Eventually([&] { return TagsSentSince(before_drop).size() == 6; }));
  broker_.AckAll();
  ASSERT_TRUE(
      Eventually([&] { return Count("SELECT count(*) FROM outbox") == 0; }));
  EXPECT_EQ(Count("SELECT count(*) FROM orders WHERE status = 'delivered'"), 5);
  dispatcher.Stop();
}

TEST_F(DispatcherTest, FailedPublishIsSentAgain) {
  IssueYellow();
  Dispatcher dispatcher(*store_, channel_, clock_, {});
  Wire(broker_, dispatcher);
  dispatcher.Start();
  ASSERT_TRUE(Eventually([&] { return broker_.sent().size() == 6; }));
  dispatcher.OnFailed(broker_.sent().front().tag);
  ASSERT_TRUE(Eventually([&] { return broker_.sent().size() == 7; }));
  EXPECT_EQ(broker_.sent().back().tag, broker_.sent().front().tag);
  dispatcher.Stop();
}

TEST_F(DispatcherTest, RestartSendsEverythingStillInTheOutbox) {
  IssueYellow();
  {
    Dispatcher first(*store_, channel_, clock_, {});
    Wire(broker_, first);
    first.Start();
    ASSERT_TRUE(Eventually([&] { return broker_.sent().size() == 6; }));
    first.Stop();  // stops before any PUBACK, as a crash would
  }
  FakeBroker second_link;
  MqttChannel second_channel(second_link, "hg");
  Dispatcher second(*store_, second_channel, clock_, {});
  Wire(second_link, second);
  second.Start();
  ASSERT_TRUE(Eventually([&] { return second_link.sent().size() == 6; }));
  second_link.AckAll();
  ASSERT_TRUE(
      Eventually([&] { return Count("SELECT count(*) FROM outbox") == 0; }));
  second.Stop();
}

TEST_F(DispatcherTest, KeepsAtMostTheWindowInFlight) {
  IssueYellow();
  Dispatcher dispatcher(*store_, channel_, clock_,
                        {2, std::chrono::seconds(60)});
  Wire(broker_, dispatcher);
  dispatcher.Start();
  ASSERT_TRUE(Eventually([&] { return broker_.sent().size() == 2; }));
  TwoRoundsPass(dispatcher);
  EXPECT_EQ(broker_.sent().size(), 2u);
  size_t acked = 0;
  while (acked < 6) {
    ASSERT_TRUE(Eventually([&] { return !broker_.sent().empty(); }));
    acked += broker_.AckAll();
  }
  EXPECT_TRUE(
      Eventually([&] { return Count("SELECT count(*) FROM outbox") == 0; }));
  dispatcher.Stop();
}

// A second channel beside MQTT, in memory (SMS would be one): it takes what
// the outbox holds for it and reports each message's fate.
class MemoryChannel final : public Channel {
 public:
  std::string name() const override { return "memory"; }
  bool Ready() override { return up; }
  bool Send(const OutboxMessage& message) override {
    std::lock_guard lock(mutex_);
    sent_.push_back(message);
    return true;
  }
  std::vector<OutboxMessage> sent() {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  std::atomic<bool> up{true};

 private:
  std::mutex mutex_;
  std::vector<OutboxMessage> sent_;
};

// An order queued on the second channel goes out through it alone, with
// the outbox's guarantees: nothing while the channel is not ready, sent
// again after a failure and after a restart before delivery, delivered
// (row gone, order delivered) only when the channel says so.
TEST_F(DispatcherTest, AnOrderOnASecondChannelHasTheSameGuarantees) {
  OrderDraft draft;
  draft.org = "sch-1";
  draft.kind = "rectification";
  draft.title = "经第二通道";
  draft.body = "b";
  draft.channels = {"memory"};
  std::string id;
  {
    WriteTx tx(*store_);
    id = QueueOrder(tx, draft, clock_.Now());
    tx.Commit();
  }
  MemoryChannel memory;
  memory.up = false;
  {
    Dispatcher first(*store_, memory, clock_, {});
    Dispatcher mqtt(*store_, channel_, clock_, {});
    Wire(broker_, mqtt);
    first.Start();
    mqtt.Start();
    TwoRoundsPass(first);
    TwoRoundsPass(mqtt);
    EXPECT_TRUE(memory.sent().empty()) << "sent while not ready";
    EXPECT_TRUE(broker_.sent().empty()) << "the order went out on MQTT";
    memory.up = true;
    ASSERT_TRUE(Eventually([&] { return memory.sent().size() == 1; }));
    const OutboxMessage message = memory.sent().front();
    EXPECT_EQ(message.address, "orgs/sch-1/orders");
    EXPECT_EQ(json::parse(message.payload)["id"], id);
    first.OnFailed(message.seq);
    ASSERT_TRUE(Eventually([&] { return memory.sent().size() == 2; }));
    EXPECT_EQ(memory.sent().back().seq, message.seq);
    first.Stop();  // before any delivery, as a crash would
    mqtt.Stop();
  }
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE channel = 'memory'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM orders WHERE status = 'pending'"), 1);
  Dispatcher second(*store_, memory, clock_, {});
  second.Start();
  ASSERT_TRUE(Eventually([&] { return memory.sent().size() == 3; }));
  clock_.Advance(std::chrono::seconds(7));
  second.OnDelivered(memory.sent().back().seq);
  ASSERT_TRUE(
      Eventually([&] { return Count("SELECT count(*) FROM outbox") == 0; }));
  EXPECT_EQ(Count("SELECT count(*) FROM orders WHERE id = '" + id +
                  "' AND status = 'delivered' AND delivered_at = " +
                  std::to_string(ToUnixSeconds(clock_.Now()))),
            1);
  EXPECT_TRUE(broker_.sent().empty());
  second.Stop();
}

TEST_F(DispatcherTest, MqttAcksAreRecordedAndOtherOrgsAcksRefused) {
  IssueYellow();
  auto notifier = StartNotifier();
  EXPECT_EQ(broker_.subscriptions().front(), "hg/orgs/+/acks");
  const std::string school_order = SchoolOrder();
  broker_.Incoming("hg/orgs/ent-1/acks",
                   json({{"order_id", school_order}}).dump());
  broker_.Incoming("hg/orgs/sch-1/acks", "not json");
  // Issue 10.3: a million levels of nesting is refused, not recursed into.
  broker_.Incoming("hg/orgs/sch-1/acks", R"({"order_id":"x","note":)" +
                                             std::string(1000000, '[') +
                                             std::string(1000000, ']') + "}");
  broker_.Incoming("hg/orgs/sch-1/acks",
                   json({{"order_id", school_order}, {"note", "收到"}}).dump());
  ASSERT_TRUE(Eventually([&] {
    return Count("SELECT count(*) FROM orders WHERE status = 'acknowledged'") ==
           1;
  }));
  auto lease = store_->Acquire();
  SQLite::Statement row(lease.db(),
                        "SELECT acked_by, ack_channel, ack_note FROM orders "
                        "WHERE id = ?");
  row.bind(1, school_order);
  ASSERT_TRUE(row.executeStep());
  EXPECT_EQ(row.getColumn(0).getString(), "sch-1");
  EXPECT_EQ(row.getColumn(1).getString(), "mqtt");
  EXPECT_EQ(row.getColumn(2).getString(), "收到");
  const std::string metrics = notifier->Metrics();
  EXPECT_NE(metrics.find("hazegate_mqtt_acks_total{result=\"refused\"} 1"),
            std::string::npos);
  // v3: the deep one is over 64 KiB, dropped before it is parsed.
  EXPECT_NE(metrics.find("hazegate_mqtt_acks_total{result=\"invalid\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics.find(
                "hazegate_mqtt_intake_dropped_total{reason=\"oversized\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics.find("hazegate_mqtt_acks_total{result=\"accepted\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics.find("hazegate_outbox_last_delivery_timestamp_seconds 0\n"),
            std::string::npos)
      << "no PUBACK yet";
  EXPECT_TRUE(Eventually([&] {
    broker_.AckAll();
    return notifier->Metrics().find(
               "hazegate_outbox_last_delivery_timestamp_seconds "
               "1796083200.000000\n") != std::string::npos;
  })) << notifier->Metrics();
  notifier->Stop();
}

// Issue 10.10: an internal failure while recording MQTT acks (a busy or
// full database) counted them as refused and dropped them, though the
// broker had them PUBACKed. They are put back and recorded once it passes.
TEST_F(DispatcherTest, MqttAcksSurviveAnInternalFailure) {
  IssueYellow();
  auto notifier = StartNotifier();
  const std::string order = SchoolOrder();
  {
    auto lease = store_->Acquire();
    lease.db().exec(
        "CREATE TRIGGER full_disk BEFORE UPDATE ON orders BEGIN "
        "SELECT RAISE(ABORT, 'database or disk is full'); END");
  }
  broker_.Incoming("hg/orgs/sch-1/acks", json({{"order_id", order}}).dump());
  ASSERT_TRUE(Eventually([&] {
    return notifier->Metrics().find("hazegate_mqtt_ack_retries_total 2") !=
           std::string::npos;
  }));
  EXPECT_NE(notifier->Metrics().find("hazegate_mqtt_acks_queued 1"),
            std::string::npos);
  EXPECT_EQ(Count("SELECT count(*) FROM orders WHERE status = "
                  "'acknowledged'"),
            0);
  {
    auto lease = store_->Acquire();
    lease.db().exec("DROP TRIGGER full_disk");
  }
  ASSERT_TRUE(Eventually([&] {
    return Count(
               "SELECT count(*) FROM orders WHERE status = "
               "'acknowledged'") == 1;
  }));
  // The counters follow the commit (the intake counts after recording).
  std::string metrics;
  EXPECT_TRUE(Eventually([&] {
    metrics = notifier->Metrics();
    return metrics.find("hazegate_mqtt_acks_total{result=\"accepted\"} 1") !=
               std::string::npos &&
           metrics.find("hazegate_mqtt_acks_queued 0") != std::string::npos;
  })) << metrics;
  EXPECT_NE(metrics.find("hazegate_mqtt_acks_total{result=\"refused\"} 0"),
            std::string::npos);
}

// Issue 11.3: an ack sent over MQTT is confirmed to the app once it is
// committed, and again (with the first acked_at) when the app re-sends it.
TEST_F(DispatcherTest, MqttAcksAreConfirmedWithAckRecorded) {
  IssueYellow();
  auto notifier = StartNotifier();
  const std::string order = SchoolOrder();
  auto confirmations = [&] {
    std::vector<json> found;
    for (const auto& sent : broker_.sent()) {
      if (sent.message.payload.empty()) continue;  // a retained message cleared
      const json payload = json::parse(sent.message.payload);
      if (sent.message.topic == "hg/orgs/sch-1/orders" &&
          payload["type"] == "ack_recorded") {
        found.push_back(payload);
      }
    }
    return found;
  };
  broker_.Incoming("hg/orgs/sch-1/acks", json({{"order_id", order}}).dump());
  ASSERT_TRUE(Eventually([&] { return confirmations().size() == 1; }));
  clock_.Advance(std::chrono::seconds(30));
  broker_.Incoming("hg/orgs/sch-1/acks", json({{"order_id", order}}).dump());
  ASSERT_TRUE(Eventually([&] { return confirmations().size() == 2; }));
  const auto sent = confirmations();
  EXPECT_EQ(sent[0]["order_id"], order);
  EXPECT_TRUE(ParseRfc3339(sent[0]["acked_at"].get<std::string>()));
  EXPECT_EQ(sent[1]["acked_at"], sent[0]["acked_at"]);
  // A refused ack (another org's order) is not confirmed.
  broker_.Incoming("hg/orgs/ent-1/acks", json({{"order_id", order}}).dump());
  ASSERT_TRUE(Eventually([&] {
    return notifier->Metrics().find(
               "hazegate_mqtt_acks_total{result=\"refused\"} 1") !=
           std::string::npos;
  }));
  EXPECT_EQ(confirmations().size(), 2u);
}

// Issue 19.6 and 19.7: the same ack 1,000 times was confirmed 1,000 times
// to every device of the org; 34 MB on a receipts topic was parsed whole.
TEST_F(DispatcherTest, RepeatsOversizeAndRetainedAreBounded) {
  IssueYellow();
  auto notifier = StartNotifier();
  const std::string order = SchoolOrder();
  for (int i = 0; i < 1000; ++i) {
    broker_.Incoming("hg/orgs/sch-1/acks", json({{"order_id", order}}).dump());
  }
  broker_.Incoming("hg/orgs/sch-1/receipts",
                   R"({"order_ids":[")" + std::string(70000, 'x') + R"("]})");
  ASSERT_TRUE(Eventually([&] {
    const std::string metrics = notifier->Metrics();
    return metrics.find("dropped_total{reason=\"repeat\"} 999") !=
               std::string::npos &&
           metrics.find("dropped_total{reason=\"oversized\"} 1") !=
               std::string::npos &&
           Count(
               "SELECT count(*) FROM outbox WHERE 'hg/' || address = "
               "'hg/orgs/sch-1/acks'") +
                   Count(
                       "SELECT count(*) FROM orders WHERE status = "
                       "'acknowledged'") ==
               2;
  })) << notifier->Metrics();
  auto confirmations = [&] {
    int found = 0;
    for (const auto& sent : broker_.sent()) {
      found += sent.message.payload.find("ack_recorded") != std::string::npos;
    }
    return found;
  };
  EXPECT_TRUE(Eventually([&] {
    bool cleared = false;
    for (const auto& sent : broker_.sent()) {
      cleared =
          cleared || (sent.message.topic == "hg/orgs/sch-1/acks" &&
                      sent.message.retained && sent.message.payload.empty());
    }
    return cleared && confirmations() == 1;
  }));
  clock_.Advance(std::chrono::seconds(11));
  broker_.Incoming("hg/orgs/sch-1/acks", json({{"order_id", order}}).dump());
  EXPECT_TRUE(Eventually([&] { return confirmations() == 2; }));
}

// Issue 11.2: publishes of one org's orders topic, as parsed payloads.
std::vector<json> OrdersSentTo(FakeBroker& broker, const std::string& org) {
  std::vector<json> found;
  for (const auto& sent : broker.acked()) {
    if (sent.message.topic == "hg/orgs/" + org + "/orders") {
      found.push_back(json::parse(sent.message.payload));
    }
  }
  return found;
}

TEST_F(DispatcherTest, OrdersWithoutReceiptArePublishedAgainWithBackoff) {
  IssueYellow();
  auto notifier = StartNotifier();
  const std::string order = SchoolOrder();
  const std::string unit_order = [&] {
    auto lease = store_->Acquire();
    return lease.db()
        .execAndGet("SELECT id FROM orders WHERE org = 'ent-1'")
        .getString();
  }();
  auto delivered_all = [&] {
    broker_.AckAll();
    return Count("SELECT count(*) FROM orders WHERE status = 'pending'") == 0;
  };
  ASSERT_TRUE(Eventually(delivered_all));
  ASSERT_EQ(OrdersSentTo(broker_, "sch-1").size(), 1u);
  const json first = OrdersSentTo(broker_, "sch-1")[0];

  clock_.Advance(std::chrono::seconds(61));  // past redeliver_after (60 s)
  ASSERT_TRUE(Eventually([&] {
    broker_.AckAll();
    return OrdersSentTo(broker_, "sch-1").size() == 2;
  }));
  EXPECT_EQ(OrdersSentTo(broker_, "sch-1")[1], first) << "the same order";
  // The next wait is twice the first.
  EXPECT_EQ(Count("SELECT redeliver_at - " +
                  std::to_string(ToUnixSeconds(clock_.Now())) +
                  " FROM orders WHERE id = '" + order + "'"),
            120);

  // The school's device reports it; ent-1's does not.
  broker_.Incoming("hg/orgs/sch-1/receipts",
                   json({{"order_ids", {order}}}).dump());
  ASSERT_TRUE(Eventually([&] {
    return Count("SELECT count(*) FROM orders WHERE id = '" + order +
                 "' AND status = 'received' AND received_at IS NOT NULL") == 1;
  }));
  clock_.Advance(std::chrono::seconds(121));
  ASSERT_TRUE(Eventually([&] {
    broker_.AckAll();
    return OrdersSentTo(broker_, "ent-1").size() == 3;
  }));
  EXPECT_EQ(OrdersSentTo(broker_, "ent-1")[2]["id"], unit_order);
  EXPECT_EQ(OrdersSentTo(broker_, "sch-1").size(), 2u)
      << "a received order is not sent again";
  EXPECT_NE(notifier->Metrics().find("hazegate_orders_redelivered_total "),
            std::string::npos);
}

TEST_F(DispatcherTest, ReceiptsCountOnlyForTheOrgsOwnOrders) {
  IssueYellow();
  auto notifier = StartNotifier();
  const std::string order = SchoolOrder();
  const std::string last_receipt =
      "hazegate_mqtt_last_receipt_timestamp_seconds ";
  EXPECT_NE(notifier->Metrics().find(last_receipt + "0\n"), std::string::npos)
      << "none yet";
  broker_.Incoming("hg/orgs/ent-1/receipts",
                   json({{"order_ids", {order, "ord-unknown"}}}).dump());
  broker_.Incoming("hg/orgs/sch-1/receipts", R"({"order_ids":"x"})");
  broker_.Incoming("hg/orgs/sch-1/receipts",
                   json({{"order_ids", {order}}}).dump());
  ASSERT_TRUE(Eventually([&] {
    const std::string metrics = notifier->Metrics();
    return metrics.find(
               "hazegate_mqtt_receipts_total{result=\"accepted\"} "
               "1\n") != std::string::npos &&
           metrics.find(
               "hazegate_mqtt_receipts_total{result=\"refused\"} "
               "2\n") != std::string::npos &&
           metrics.find(
               "hazegate_mqtt_receipts_total{result=\"invalid\"} "
               "1\n") != std::string::npos;
  }));
  const long long micros =
      std::chrono::duration_cast<std::chrono::microseconds>(
          clock_.Now().time_since_epoch())
          .count();
  char recorded_at[64];
  std::snprintf(recorded_at, sizeof recorded_at, "%lld.%06lld\n",
                micros / 1000000, micros % 1000000);
  EXPECT_NE(notifier->Metrics().find(last_receipt + recorded_at),
            std::string::npos)
      << "when the accepted receipt was recorded";
  // Received before the broker's PUBACK was recorded: it stays received.
  EXPECT_EQ(Count("SELECT count(*) FROM orders WHERE id = '" + order +
                  "' AND status = 'received' AND receipt_channel = 'mqtt'"),
            1);
  ASSERT_TRUE(Eventually([&] {
    broker_.AckAll();
    return Count("SELECT count(*) FROM orders WHERE status = 'pending'") == 0;
  }));
  EXPECT_EQ(Count("SELECT count(*) FROM orders WHERE id = '" + order +
                  "' AND status = 'received' AND delivered_at IS NOT NULL "
                  "AND redeliver_at IS NULL"),
            1);
  const int total = Count("SELECT count(*) FROM orders");
  EXPECT_NE(notifier->Metrics().find(
                "hazegate_orders_arrival_ratio " +
                (std::ostringstream() << 1.0 / total).str() + "\n"),
            std::string::npos)
      << notifier->Metrics();
}

}  // namespace
}  // namespace hazegate
