// SMS for the silent (contract v3 §5) with the real parts: the hazegate
// binary, Mosquitto, Kannel's bearerbox and smsbox, and its simulated SMSC
// (fakesmsc) as the phones.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <fstream>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "hazegate/app/schema.h"
#include "hazegate/core/store.h"
#include "kannel_support.h"
#include "mqtt_support.h"
#include "server_process.h"

namespace hazegate {
namespace {

using nlohmann::json;
using testing::ServerProcess;
using namespace std::chrono_literals;

constexpr const char* kKey = "test-callback-key-0123456789";
constexpr const char* kPrincipal = "+8613912345678";
constexpr const char* kTeacher = "+8613800000001";
constexpr const char* kSignature = "【昌吉州重污染天气应急指挥部】";

// An aggregator's HTTP interface of the test's own (Kannel's smsc = http,
// system-type generic): it refuses the principal's number and takes the
// rest; it records who it was asked to send to.
class Aggregator {
 public:
  Aggregator() : port_(testing::FreePort()), mo_port_(testing::FreePort()) {
    server_.Get("/send",
                [this](const httplib::Request& req, httplib::Response& res) {
                  // Kannel fills in %p with the receiver, %P with the sender.
                  const std::string to = req.get_param_value("receiver");
                  {
                    std::lock_guard lock(mutex_);
                    asked_.push_back(to);
                  }
                  res.set_content(to.find("13912345678") != std::string::npos
                                      ? "failure: number barred"
                                      : "ok",
                                  "text/plain");
                });
    server_.bind_to_port("127.0.0.1", port_);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Aggregator() {
    server_.stop();
    thread_.join();
  }
  std::string SmscGroup() const {
    return "group = smsc\nsmsc = http\nsmsc-id = aggregator\n"
           "system-type = generic\nsend-url = \"http://127.0.0.1:" +
           std::to_string(port_) +
           "/send?receiver=%p&sender=%P&text=%b\"\nstatus-success-regex = "
           "\"^ok\"\n"
           "status-permfail-regex = \"^failure\"\nport = " +
           std::to_string(mo_port_) + "\nconnect-allow-ip = 127.0.0.1\n";
  }
  std::vector<std::string> Asked() {
    std::lock_guard lock(mutex_);
    return asked_;
  }

 private:
  const int port_, mo_port_;
  httplib::Server server_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> asked_;
};

class Sms : public ::testing::Test {
 protected:
  explicit Sms(const std::string& smsc_group = "")
      : broker_(dir_),
        port_(testing::FreePort()),
        kannel_(dir_, "http://127.0.0.1:" + std::to_string(port_), kKey,
                smsc_group),
        phones_(dir_, kannel_) {
    broker_.Start();
    kannel_.Start();
  }

  // The server's config and plan (sch-1 with two contacts, no device), an
  // office and a school account.
  void Prepare(int after_s) {
    std::ofstream(config_) << "[server]\nlisten = \"127.0.0.1:" << port_
                           << "\"\n[store]\ndatabase = \"h.db\"\n"
                           << "blobs = \"blobs\"\n[mqtt]\nuri = \""
                           << broker_.uri() << "\"\ntopic_prefix = \"hg\"\n"
                           << kannel_.SmsConfig(kLinkBase, after_s);
    json plan = testing::SmallPlan();
    plan["sms"] = {{"signature", kSignature}};
    for (json& org : plan["orgs"]) {
      if (org["id"] != "sch-1") continue;
      org["contacts"] = {
          {{"name", "王校长"}, {"phone", "13912345678"}, {"duty", "校长"}},
          {{"name", "李老师"}, {"phone", "138-0000-0001"}}};
    }
    std::ofstream(dir_.File("plan.json")) << plan.dump();
    ASSERT_EQ(std::system((cli_ + "plan load --config " + config_ + " " +
                           dir_.File("plan.json") + " 2>/dev/null")
                              .c_str()),
              0);
    office_ = Account("office", "office", "office");
    school_ = Account("school", "school", "sch-1");
  }

  std::string Account(const std::string& name, const std::string& role,
                      const std::string& org) {
    return testing::CommandOutput(cli_ + "account create --config " + config_ +
                                  " --username " + name + " --role " + role +
                                  " --org " + org);
  }

  // A yellow warning over 652301 (the office issues it in force).
  void IssueYellow() {
    httplib::Client client("127.0.0.1", port_);
    auto res = client.Post("/api/v1/warnings",
                           {{"Authorization", "Bearer " + office_}},
                           json({{"level", "yellow"},
                                 {"areas", {"652301"}},
                                 {"starts_at", "2026-12-01T08:00:00+08:00"},
                                 {"reason", "AQI"}})
                               .dump(),
                           "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 201) << res->body;
  }

  std::string Query(const std::string& sql) {
    if (!store_) {
      store_ = std::move(Store::Open(dir_.File("h.db"), HazegateSchema(), 1))
                   .value();
    }
    auto lease = store_->Acquire();
    SQLite::Statement query(lease.db(), sql);
    return query.executeStep() && !query.getColumn(0).isNull()
               ? query.getColumn(0).getString()
               : "";
  }

  std::string SchoolOrder() {
    return Query("SELECT id FROM orders WHERE org = 'sch-1'");
  }

  // The SMS the phones got, to `phone`.
  std::vector<testing::Sms> To(const std::string& phone) {
    std::vector<testing::Sms> to;
    for (const testing::Sms& sms : phones_.Received()) {
      if (sms.to == phone) to.push_back(sms);
    }
    return to;
  }

  // A phone's reply; returns the answer it got back.
  std::string Reply(const std::string& from, const std::string& text) {
    phones_.Stop();
    phones_.Start(testing::Sms{from, "10690000", text});
    std::string answer;
    EXPECT_TRUE(testing::Eventually(
        [&] {
          const auto got = To(from);
          if (!got.empty()) answer = got.back().text;
          return !got.empty();
        },
        15s))
        << "no answer to " << from;
    return answer;
  }

  static constexpr const char* kLinkBase = "https://hazegate.example.cn/m/";
  testing::TempDir dir_;
  testing::Mosquitto broker_;
  const int port_;
  testing::Kannel kannel_;
  testing::FakeSmsc phones_;
  const std::string config_ = dir_.File("hazegate.toml");
  const std::string cli_ = std::string(HAZEGATE_BINARY) + " ";
  std::string office_, school_;
  std::unique_ptr<Store> store_;
};

// Issue 21: a school with no device gets an SMS within after_s + 10 s with
// the link and the code; the delivery report marks it delivered; a wrong
// code and an unknown phone change nothing; the right code acknowledges.
TEST_F(Sms, ASchoolWithoutADeviceIsReachedAndAcknowledgesByReply) {
  Prepare(1);
  ServerProcess server(config_, port_);
  server.Start();
  phones_.Start();
  IssueYellow();
  const std::string order = SchoolOrder();
  ASSERT_FALSE(order.empty());

  ASSERT_TRUE(testing::Eventually(
      [&] { return To(kPrincipal).size() == 1 && To(kTeacher).size() == 1; },
      11s))
      << "no SMS within after_s + 10 s; messages: "
      << Query(
             "SELECT group_concat(phone || ' ' || status) FROM "
             "sms_messages")
      << "; outbox: "
      << Query("SELECT group_concat(channel || ' ' || address) FROM outbox")
      << "; phones: " << testing::ReadFile(dir_.File("fakesmsc.out"));
  const std::string text = To(kPrincipal)[0].text;
  EXPECT_EQ(text.rfind(kSignature, 0), 0u) << text;
  EXPECT_NE(text.find(std::string(kLinkBase) + "#/o/" + order),
            std::string::npos)
      << text;
  std::smatch code;
  ASSERT_TRUE(std::regex_search(text, code, std::regex("回复(\\d{4})确认收到")))
      << text;
  EXPECT_EQ(To(kPrincipal)[0].from, "10690000");

  EXPECT_TRUE(testing::Eventually([&] {
    return Query("SELECT sms_status FROM orders WHERE id = '" + order + "'") ==
               "delivered" &&
           Query(
               "SELECT count(*) FROM sms_messages WHERE status = "
               "'delivered'") == "2";
  })) << "no delivery report recorded";

  const std::string wrong = code[1] == "1000" ? "1001" : "1000";
  EXPECT_NE(Reply(kPrincipal, wrong).find("未找到编号" + wrong),
            std::string::npos);
  EXPECT_NE(Reply("+8613700000000", code[1]).find("不是登记的应急联系人"),
            std::string::npos);
  EXPECT_EQ(Query("SELECT status FROM orders WHERE id = '" + order + "'"),
            "delivered");

  const std::string confirmed = Reply(kPrincipal, "收到 " + code[1].str());
  EXPECT_NE(confirmed.find("已确认收到"), std::string::npos) << confirmed;
  EXPECT_EQ(confirmed.rfind(kSignature, 0), 0u) << confirmed;
  EXPECT_EQ(Query("SELECT ack_channel || ' ' || acked_by FROM orders WHERE "
                  "id = '" +
                  order + "'"),
            std::string("sms ") + kPrincipal);
  EXPECT_NE(Reply(kPrincipal, code[1]).find("已确认，无需再回复"),
            std::string::npos);
  EXPECT_EQ(
      Query("SELECT count(*) FROM orders WHERE refers_to = '" + order + "'"),
      "0")
      << "the county was told of an acknowledged order";

  // The office sees how the orders reached their orgs (issue 21: one view
  // of reach): the warning's sms_counts, the board, the summary, /metrics.
  httplib::Client client("127.0.0.1", port_);
  const httplib::Headers office = {{"Authorization", "Bearer " + office_}};
  const std::string warning =
      Query("SELECT warning_id FROM orders WHERE id = '" + order + "'");
  auto got = client.Get("/api/v1/warnings/" + warning, office);
  ASSERT_TRUE(got);
  EXPECT_EQ(
      json::parse(got->body)["sms_counts"],
      json(
          {{"sent", 1}, {"delivered", 1}, {"failed", 0}, {"acknowledged", 1}}));
  auto board = client.Get("/api/v1/board", office);
  ASSERT_TRUE(board);
  const json reach =
      json::parse(board->body)["warnings"].at(0)["orders"]["reach"];
  EXPECT_EQ(reach["sms_delivered"], 1) << reach;
  EXPECT_EQ(reach["acknowledged"]["sms"], 1) << reach;
  EXPECT_EQ(reach["reached"], 1) << reach << ": only the school, by SMS";
  auto summary = client.Get("/api/v1/warnings/" + warning + "/summary", office);
  ASSERT_TRUE(summary);
  EXPECT_EQ(json::parse(summary->body)["orders"]["reach"], reach);
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find(
                "hazegate_orders_acknowledged_via{channel=\"sms\"} 1\n"),
            std::string::npos);
  EXPECT_NE(
      metrics->body.find("hazegate_sms_messages{status=\"delivered\"} 2\n"),
      std::string::npos);

  // A report Kannel could not have written is refused, naming the field.
  for (const auto& [query, field] :
       {std::pair{"seq=x&status=1", "seq"}, {"seq=1&status=x", "status"}}) {
    auto bad = client.Get(std::string("/internal/sms/report?key=") + kKey +
                          "&" + query);
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 400);
    EXPECT_EQ(json::parse(bad->body)["errors"][0]["field"], field);
  }

  // The school's own list shows how the order reached it.
  auto res =
      client.Get("/api/v1/orders", {{"Authorization", "Bearer " + school_}});
  ASSERT_TRUE(res);
  const json listed = json::parse(res->body).at(0);
  EXPECT_EQ(listed["acked_via"], "sms");
  EXPECT_EQ(listed["acked_by"], kPrincipal);
  EXPECT_EQ(listed["sms"]["status"], "delivered");
  EXPECT_EQ(listed["sms"]["to"], json({kPrincipal, kTeacher}));
  EXPECT_TRUE(listed["sms"]["delivered_at"].is_string());
}

// Issue 25: the county chases a silent school: 再次发送 puts the order on
// MQTT once more (same id) and sends each contact its SMS again, same code;
// a unit cannot, nor can anyone once it is acknowledged.
TEST_F(Sms, SendAgainReachesTheSilentOrgOnceMoreOverMqttAndSms) {
  Prepare(1);
  ServerProcess server(config_, port_);
  server.Start();
  phones_.Start();
  testing::TestClient watcher(broker_.uri(), "watcher");
  watcher.Connect();
  watcher.Subscribe("hg/orgs/sch-1/orders");
  IssueYellow();
  const std::string order = SchoolOrder();
  ASSERT_TRUE(testing::Eventually(
      [&] { return To(kPrincipal).size() == 1 && To(kTeacher).size() == 1; },
      11s));
  const auto first = watcher.Collect(1, 10s);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].payload["id"], order);

  httplib::Client client("127.0.0.1", port_);
  const std::string path = "/api/v1/orders/" + order + "/send-again";
  const std::string unit = Account("unit", "unit", "unit-gaj");
  auto refused = client.Post(path, {{"Authorization", "Bearer " + unit}}, "",
                             "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  const std::string county = Account("county", "county", "county-652301");
  auto again = client.Post(path, {{"Authorization", "Bearer " + county}}, "",
                           "application/json");
  ASSERT_TRUE(again);
  ASSERT_EQ(again->status, 202) << again->body;
  EXPECT_EQ(json::parse(again->body)["sms"], 2);
  const auto second = watcher.Collect(1, 10s);
  ASSERT_EQ(second.size(), 1u) << "the order did not go out on MQTT again";
  EXPECT_EQ(second[0].payload["id"], order);
  EXPECT_EQ(second[0].payload["type"], "order");
  ASSERT_TRUE(testing::Eventually(
      [&] { return To(kPrincipal).size() == 2 && To(kTeacher).size() == 2; },
      10s))
      << "the SMS did not go out again";
  EXPECT_EQ(To(kPrincipal)[1].text, To(kPrincipal)[0].text);
  EXPECT_EQ(Query("SELECT attempts FROM sms_messages WHERE phone = '" +
                  std::string(kPrincipal) + "'"),
            "2");

  auto acked = client.Post("/api/v1/orders/" + order + "/ack",
                           {{"Authorization", "Bearer " + school_}}, "{}",
                           "application/json");
  ASSERT_EQ(acked->status, 200);
  auto late = client.Post(path, {{"Authorization", "Bearer " + office_}}, "",
                          "application/json");
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, 409);
}

// Issue 21: the server SIGKILLed after Kannel accepted an SMS and before it
// recorded that sends it at most once more (docs/sms.md: the window is
// Kannel's answer to the committer's transaction, a few milliseconds).
TEST_F(Sms, KilledBetweenKannelsAcceptanceAndItsRecordSendsItOnceMore) {
  Prepare(0);
  phones_.Start();
  {
    // The fault hook: after one SMS handed to Kannel, nothing is recorded.
    ServerProcess frozen(config_, port_, "HAZEGATE_FAULT_HOLD_SMS_AFTER=1");
    frozen.Start();
    IssueYellow();
    ASSERT_TRUE(
        testing::Eventually([&] { return To(kPrincipal).size() == 1; }, 15s));
    frozen.Kill(SIGKILL);
  }
  EXPECT_EQ(To(kTeacher).size(), 0u);
  EXPECT_EQ(Query("SELECT count(*) FROM outbox WHERE channel = 'sms'"), "2")
      << "the accepted SMS was recorded before the kill";

  ServerProcess server(config_, port_);
  server.Start();
  ASSERT_TRUE(testing::Eventually(
      [&] {
        return Query("SELECT count(*) FROM outbox WHERE channel = 'sms'") ==
                   "0" &&
               Query(
                   "SELECT count(*) FROM sms_messages WHERE status = "
                   "'delivered'") == "2";
      },
      15s));
  ASSERT_TRUE(testing::Eventually([&] { return To(kTeacher).size() == 1; }));
  EXPECT_EQ(To(kPrincipal).size(), 2u) << "sent once more, and only once";
}

// Issue 21: Kannel restarted while it holds accepted SMS that no SMSC took
// yet, and stopped while SMS fall due: nothing is lost either way.
TEST_F(Sms, KannelRestartedOrDownLosesNothing) {
  Prepare(0);
  ServerProcess server(config_, port_);
  server.Start();
  IssueYellow();  // no SMSC is connected: Kannel queues what it accepts
  ASSERT_TRUE(testing::Eventually(
      [&] {
        return Query(
                   "SELECT count(*) FROM sms_messages WHERE status = 'sent'") ==
               "2";
      },
      15s));
  kannel_.Stop();
  kannel_.Start();
  phones_.Start();
  EXPECT_TRUE(testing::Eventually(
      [&] { return To(kPrincipal).size() == 1 && To(kTeacher).size() == 1; },
      30s))
      << "Kannel lost what it had accepted";

  // Down when the next order's SMS fall due: the server retries.
  kannel_.Stop();
  httplib::Client client("127.0.0.1", port_);
  auto orange =
      client.Post("/api/v1/warnings", {{"Authorization", "Bearer " + office_}},
                  json({{"level", "orange"},
                        {"areas", {"652301"}},
                        {"starts_at", "2026-12-01T09:00:00+08:00"},
                        {"reason", "AQI"}})
                      .dump(),
                  "application/json");
  ASSERT_TRUE(orange);
  ASSERT_EQ(orange->status, 201) << orange->body;
  const std::string command = Account("chief", "command", "command");
  auto approved = client.Post(
      "/api/v1/warnings/" + json::parse(orange->body)["id"].get<std::string>() +
          "/approve",
      {{"Authorization", "Bearer " + command}}, "{}", "application/json");
  ASSERT_TRUE(approved);
  ASSERT_EQ(approved->status, 200) << approved->body;
  ASSERT_TRUE(testing::Eventually(
      [&] {
        auto metrics = client.Get("/metrics");
        return metrics &&
               metrics->body.find(
                   "hazegate_sms_kannel_total{result=\"refused\"} 0") ==
                   std::string::npos;
      },
      15s))
      << "the server did not try while Kannel was down";
  kannel_.Start();
  phones_.Stop();
  phones_.Start();
  EXPECT_TRUE(testing::Eventually(
      [&] {
        return Query(
                   "SELECT count(*) FROM sms_messages WHERE status = "
                   "'delivered'") == "4";
      },
      90s))
      << "the SMS due while Kannel was down never went out";
  EXPECT_EQ(To(kPrincipal).size(), 1u) << "after the second SMSC start";
}

class SmsThroughAnAggregator : public Sms {
 protected:
  SmsThroughAnAggregator() : Sms(TheAggregator().SmscGroup()) {}
  // One for the test program: Kannel's configuration names it before the
  // fixture's own members exist.
  static Aggregator& TheAggregator() {
    static Aggregator aggregator;
    return aggregator;
  }
  Aggregator& aggregator_ = TheAggregator();
};

// Issue 21: a failure at the SMSC (fakesmsc never fails: an HTTP SMSC of
// the test's own refuses one number) comes back as Kannel's delivery
// report; the message is failed with its retry set, the other contact's
// is not, and the office sees the failure in /metrics.
TEST_F(SmsThroughAnAggregator, ARefusedSmsIsFailedAndRetriedLater) {
  Prepare(0);
  ServerProcess server(config_, port_);
  server.Start();
  IssueYellow();
  const std::string principal =
      std::string(
          "SELECT status || ' ' || attempts || ' ' || (retry_at IS NOT "
          "NULL) FROM sms_messages WHERE phone = '") +
      kPrincipal + "'";
  const std::string teacher =
      std::string("SELECT status FROM sms_messages WHERE phone = '") +
      kTeacher + "'";
  // The aggregator is asked for each phone (once per part of its two-part
  // SMS); it refuses one, and Kannel reports that one failed.
  const auto asked = [this] {
    const std::vector<std::string> all = aggregator_.Asked();
    return std::set<std::string>(all.begin(), all.end());
  };
  ASSERT_TRUE(testing::Eventually(
      [&] {
        return Query(principal) == "failed 1 1" && Query(teacher) == "sent" &&
               asked() == std::set<std::string>{kPrincipal, kTeacher};
      },
      15s))
      << Query(principal) << "; " << Query(teacher)
      << "; the aggregator was asked for "
      << ::testing::PrintToString(aggregator_.Asked());
  EXPECT_EQ(Query("SELECT sms_status FROM orders WHERE org = 'sch-1'"), "sent")
      << "the order shows the furthest any phone got";
  httplib::Client client("127.0.0.1", port_);
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("hazegate_sms_messages{status=\"failed\"} 1\n"),
            std::string::npos);
}

}  // namespace
}  // namespace hazegate
