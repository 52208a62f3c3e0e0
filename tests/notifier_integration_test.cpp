// Warnings end to end: the real gateway (plain HTTP on loopback), the real
// notifier with the Paho client, and a real Mosquitto started by the test.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <thread>

#include "hazegate/app/scheduler.h"
#include "hazegate/app/schema.h"
#include "hazegate/config/plan.h"
#include "hazegate/core/store.h"
#include "hazegate/gateway/gateway.h"
#include "hazegate/identity/accounts.h"
#include "hazegate/inspection/cases.h"
#include "hazegate/mqtt/mqtt_delivery.h"
#include "mqtt_support.h"
#include "photos.h"

namespace hazegate {
namespace {

using nlohmann::json;
using testing::Eventually;
using testing::Received;
using testing::TestClient;
using namespace std::chrono_literals;

// Sends `request` as written on a fresh connection; returns the whole reply.
std::string RawRequest(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  std::string reply;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      write(fd, request.data(), request.size()) ==
          static_cast<ssize_t>(request.size())) {
    char buffer[4096];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0) reply.append(buffer, n);
  }
  close(fd);
  return reply;
}

class NotifierIntegration : public ::testing::Test {
 protected:
  void SetUp() override { Boot(testing::SmallPlan()); }

  void Boot(const json& plan) {
    broker_ = std::make_unique<testing::Mosquitto>(dir_);
    broker_->Start();
    auto store = Store::Open(dir_.File("h.db"), HazegateSchema(), 8);
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    ASSERT_TRUE(LoadPlan(*store_, plan, "test", clock_).ok());
    Accounts accounts(*store_, clock_);
    for (const auto& [user, role, org] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"office", "office", "office"},
             {"command", "command", "command"},
             {"ent", "enterprise", "ent-1"},
             {"school", "school", "sch-1"},
             {"inspector", "inspector", "group-inspection"},
             {"county", "county", "county-652301"}}) {
      auto issued = accounts.Create({user, role, org, std::nullopt}, "test");
      ASSERT_TRUE(issued.ok());
      tokens_[user] = issued.value().token;
    }
    link_ = MakePahoBrokerClient({broker_->uri(), "hazegate-test", "", "", ""});
    notifier_ = std::make_unique<MqttDelivery>(
        *store_, clock_, *link_,
        MqttDeliveryOptions{"hg", {4096, std::chrono::seconds(5)}});
    scheduler_ = std::make_unique<Scheduler>(
        *store_, clock_,
        SchedulerOptions{100ms, std::chrono::seconds(60),
                         &CaseService::OpenForSilence,
                         [this] { return notifier_->Connected(); },
                         [this] { notifier_->OutboxWritten(); }});
    GatewayOptions options;
    options.port = 0;
    options.worker_threads = 8;
    options.blob_dir = dir_.File("blobs");
    options.mqtt_connected = [this] { return notifier_->Connected(); };
    options.outbox_written = [this] { notifier_->OutboxWritten(); };
    options.extra_metrics = [this] {
      return notifier_->Metrics() + scheduler_->Metrics();
    };
    gateway_ = std::make_unique<Gateway>(options, *store_, clock_);
    ASSERT_TRUE(gateway_->Bind().ok());
    serving_ = std::thread([this] { gateway_->Serve(); });
    notifier_->Start();
    scheduler_->Start();
    ASSERT_TRUE(Eventually([this] { return notifier_->Connected(); }));
  }

  void TearDown() override {
    if (gateway_) gateway_->Stop();
    if (serving_.joinable()) serving_.join();
    if (scheduler_) scheduler_->Stop();
    if (notifier_) notifier_->Stop();
  }

  httplib::Result Call(const std::string& method, const std::string& path,
                       const std::string& user, const json& body = nullptr) {
    httplib::Client client("127.0.0.1", gateway_->port());
    // A 5,000-order approval under ThreadSanitizer takes ~6 s: wait for the
    // answer rather than the library's 5 s default.
    client.set_read_timeout(120, 0);
    httplib::Headers headers = {{"Authorization", "Bearer " + tokens_[user]}};
    if (method == "GET") return client.Get(path.c_str(), headers);
    if (method == "DELETE") return client.Delete(path.c_str(), headers);
    return client.Post(path.c_str(), headers, body.is_null() ? "" : body.dump(),
                       "application/json");
  }

  json Issue(const std::string& level, json extra = json::object()) {
    json body = {{"level", level},
                 {"areas", {"652301", "652302"}},
                 {"starts_at", "2026-12-01T08:00:00+08:00"},
                 {"reason", "AQI > 200"}};
    body.update(extra);
    auto res = Call("POST", "/api/v1/warnings", "office", body);
    EXPECT_TRUE(res && res->status == 201) << (res ? res->body : "no answer");
    return res ? json::parse(res->body) : json();
  }

  int Count(const std::string& sql) {
    auto lease = store_->Acquire();
    return lease.db().execAndGet(sql).getInt();
  }

  bool AllDelivered() {
    return Count("SELECT count(*) FROM outbox") == 0 &&
           Count("SELECT count(*) FROM orders WHERE status = 'pending'") == 0;
  }

  std::unique_ptr<TestClient> Subscriber(const std::string& id,
                                         const std::string& filter,
                                         bool clean = true) {
    auto client = std::make_unique<TestClient>(broker_->uri(), id, clean);
    client->Connect();
    client->Subscribe(filter);
    return client;
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<testing::Mosquitto> broker_;
  std::unique_ptr<Store> store_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<BrokerClient> link_;
  std::unique_ptr<MqttDelivery> notifier_;
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<Gateway> gateway_;
  std::thread serving_;
};

// An inspection report over HTTP (multipart) as the inspector's phone sends
// it.
httplib::Result SubmitInspection(int port, const std::string& token,
                                 const json& report, const std::string& photo) {
  httplib::Client client("127.0.0.1", port);
  httplib::MultipartFormDataItems items = {
      {"report", report.dump(), "", "application/json"},
      {"photo", photo, "p.jpg", "image/jpeg"}};
  return client.Post("/api/v1/inspections",
                     {{"Authorization", "Bearer " + token}}, items);
}

// The next message of `kind`, skipping others (the warning's own fan-out
// may still be arriving), within `timeout`.
std::optional<Received> NextOfKind(TestClient& client, const std::string& kind,
                                   std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto message =
        client.Next(std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now()));
    if (message && message->payload["kind"] == kind) return message;
  }
  return std::nullopt;
}

TEST_F(NotifierIntegration, InspectionCaseLifecycleWithOrdersOverTheBroker) {
  const json warning = Issue("yellow");
  const std::string warning_id = warning["id"];
  auto enterprise = Subscriber("ent-1", "hg/orgs/ent-1/orders");
  auto inspectors =
      Subscriber("group-inspection", "hg/orgs/group-inspection/orders");
  ASSERT_TRUE(Eventually([this] { return AllDelivered(); }));
  auto assigned = Call("POST", "/api/v1/assignments", "office",
                       {{"inspector_org", "group-inspection"},
                        {"sites", {"ent-1"}},
                        {"warning_id", warning_id},
                        {"due_at", "2026-12-01T12:00:00+08:00"}});
  ASSERT_EQ(assigned->status, 201) << assigned->body;
  auto task = NextOfKind(*inspectors, "inspection_assignment", 5s);
  ASSERT_TRUE(task);
  EXPECT_EQ(task->payload["kind"], "inspection_assignment");
  EXPECT_EQ(task->payload["measures"][0]["site"], "ent-1");

  json report = {
      {"id", "r-1"},
      {"site", "ent-1"},
      {"assignment_id", json::parse(assigned->body)["id"]},
      {"captured_at", "2026-12-01T08:00:00+08:00"},
      {"location", {{"lat", 44.01}, {"lon", 87.30}, {"accuracy_m", 5}}},
      {"checklist", {{{"item", "停产"}, {"result", "fail"}}}},
      {"verdict", "non_compliant"}};
  auto violation = SubmitInspection(gateway_->port(), tokens_["inspector"],
                                    report, testing::MakeJpeg(64, 64, 1));
  ASSERT_EQ(violation->status, 201) << violation->body;
  const std::string case_id = json::parse(violation->body)["case_id"];
  auto rectify =
      Call("POST", "/api/v1/cases/" + case_id + "/actions", "county",
           {{"action", "order_rectification"}, {"note", "24小时内整改"}});
  ASSERT_EQ(rectify->status, 200) << rectify->body;
  auto notice = NextOfKind(*enterprise, "rectification", 5s);
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->payload["kind"], "rectification");
  EXPECT_EQ(notice->payload["measures"][0]["case_id"], case_id);
  const std::string order_id = notice->payload["id"];
  EXPECT_EQ(Call("POST", "/api/v1/orders/" + order_id + "/ack", "ent")->status,
            200);
  auto own_case = Call("GET", "/api/v1/cases/" + case_id, "ent");
  EXPECT_EQ(json::parse(own_case->body)["status"], "rectifying");

  report["id"] = "r-2";
  report["verdict"] = "compliant";
  auto recheck = SubmitInspection(gateway_->port(), tokens_["inspector"],
                                  report, testing::MakeJpeg(64, 64, 2));
  ASSERT_EQ(recheck->status, 201) << recheck->body;
  auto closed =
      json::parse(Call("GET", "/api/v1/cases/" + case_id, "office")->body);
  EXPECT_EQ(closed["status"], "closed");
  EXPECT_EQ(closed["evidence"], "r-2");
  EXPECT_EQ(closed["reports"], json::array({"r-1", "r-2"}));
}

TEST_F(NotifierIntegration, YellowReachesEveryRecipientKind) {
  auto app = Subscriber("watcher", "hg/orgs/+/orders");
  const json warning = Issue("yellow");
  const auto received = app->Collect(6, 5s);
  std::map<std::string, std::string> kind_by_org;
  for (const auto& message : received) {
    EXPECT_EQ(message.payload["type"], "order");
    EXPECT_EQ(
        message.topic,
        "hg/orgs/" + message.payload["org"].get<std::string>() + "/orders");
    kind_by_org[message.payload["org"]] = message.payload["kind"];
  }
  EXPECT_EQ(kind_by_org, (std::map<std::string, std::string>{
                             {"ent-1", "enterprise_measures"},
                             {"sch-1", "school_notice"},
                             {"site-1", "site_measures"},
                             {"unit-gaj", "unit_task"},
                             {"group-inspection", "unit_task"},
                             {"county-652301", "area_notice"}}));
  ASSERT_TRUE(Eventually([this] { return AllDelivered(); }));
  auto read = Call(
      "GET", "/api/v1/warnings/" + warning["id"].get<std::string>(), "office");
  EXPECT_EQ(json::parse(read->body)["order_counts"], json({{"delivered", 6}}));
  auto health = Call("GET", "/healthz", "office");
  EXPECT_EQ(json::parse(health->body)["mqtt"], "connected");
}

TEST_F(NotifierIntegration, OrangeNeedsTheCommandsApproval) {
  auto app = Subscriber("watcher", "hg/orgs/+/orders");
  const json warning = Issue("orange");
  EXPECT_EQ(warning["status"], "proposed");
  auto first = app->Next(3s);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->topic, "hg/orgs/command/orders");
  EXPECT_EQ(first->payload["kind"], "approval_request");
  EXPECT_FALSE(app->Next(500ms)) << "nothing else before approval";
  EXPECT_EQ(
      Call("POST",
           "/api/v1/warnings/" + warning["id"].get<std::string>() + "/approve",
           "office")
          ->status,
      403);
  // As `curl -X POST` sends it: no body, no Content-Length.
  const std::string reply = RawRequest(
      gateway_->port(),
      "POST /api/v1/warnings/" + warning["id"].get<std::string>() +
          "/approve HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
          tokens_["command"] + "\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
  auto approved = Call(
      "GET", "/api/v1/warnings/" + warning["id"].get<std::string>(), "command");
  ASSERT_EQ(approved->status, 200);
  EXPECT_EQ(json::parse(approved->body)["status"], "active");
  EXPECT_EQ(app->Collect(6, 5s).size(), 6u);
  EXPECT_EQ(
      Call("POST",
           "/api/v1/warnings/" + warning["id"].get<std::string>() + "/approve",
           "command")
          ->status,
      409);
}

TEST_F(NotifierIntegration, LiftCancelsOpenOrdersAndClearsTheAreaLevel) {
  auto app = Subscriber("watcher", "hg/orgs/ent-1/orders");
  const json warning = Issue("red");
  ASSERT_EQ(
      Call("POST",
           "/api/v1/warnings/" + warning["id"].get<std::string>() + "/approve",
           "command")
          ->status,
      200);
  auto order = app->Next(3s);
  ASSERT_TRUE(order);
  auto lifted = Call(
      "POST", "/api/v1/warnings/" + warning["id"].get<std::string>() + "/lift",
      "office", {{"reason", "空气质量好转"}});
  ASSERT_EQ(lifted->status, 200) << lifted->body;
  const auto after = app->Collect(2, 3s);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].payload,
            json({{"type", "cancel"}, {"order_id", order->payload["id"]}}));
  EXPECT_EQ(after[1].payload["kind"], "lift_notice");
  ASSERT_TRUE(Eventually([this] { return AllDelivered(); }));
  auto late = Subscriber("late", "hg/areas/652301/warning");
  auto retained = late->Next(3s);
  ASSERT_TRUE(retained);
  EXPECT_TRUE(retained->retained);
  EXPECT_EQ(retained->payload["level"], "none");
  auto ack =
      Call("POST",
           "/api/v1/orders/" + order->payload["id"].get<std::string>() + "/ack",
           "ent");
  EXPECT_EQ(ack->status, 409);
}

// Issue 22: a drill runs end to end (approval, fan-out, acks, evaluation)
// and touches nothing public: the retained level stays the real warning's,
// the public levels too.
TEST_F(NotifierIntegration, ADrillRunsEndToEndAndTouchesNothingPublic) {
  const json real = Issue("yellow", {{"areas", {"652301"}}});
  auto app = Subscriber("drill-watcher", "hg/orgs/ent-1/orders");
  const json drill =
      Issue("orange", {{"exercise", true}, {"exercise_name", "冬季联合演练"}});
  const std::string base = "/api/v1/warnings/" + drill["id"].get<std::string>();
  ASSERT_EQ(Call("POST", base + "/approve", "command")->status, 200);
  auto order = NextOfKind(*app, "enterprise_measures", 5s);
  while (order && order->payload["warning_id"] != drill["id"]) {
    order = NextOfKind(*app, "enterprise_measures", 5s);
  }
  ASSERT_TRUE(order);
  EXPECT_EQ(order->payload["exercise"], true);
  EXPECT_TRUE(
      order->payload["title"].get<std::string>().starts_with("【演练】"))
      << order->payload["title"];
  ASSERT_EQ(
      Call("POST",
           "/api/v1/orders/" + order->payload["id"].get<std::string>() + "/ack",
           "ent")
          ->status,
      200);
  auto finding = Call("POST", base + "/findings", "office",
                      {{"text", "学校停课通知到达偏晚，需补充联系人"}});
  ASSERT_EQ(finding->status, 201) << finding->body;
  EXPECT_EQ(Call("POST", base + "/findings", "office", {{"text", ""}})->status,
            400);
  ASSERT_EQ(
      Call("POST", base + "/lift", "office", {{"reason", "演练结束"}})->status,
      200);
  ASSERT_TRUE(Eventually([this] { return AllDelivered(); }));
  auto late = Subscriber("drill-late", "hg/areas/652301/warning");
  auto retained = late->Next(3s);
  ASSERT_TRUE(retained);
  EXPECT_EQ(retained->payload["level"], "yellow");
  EXPECT_EQ(retained->payload["warning_id"], real["id"]);
  httplib::Client client("127.0.0.1", gateway_->port());
  const json levels = json::parse(client.Get("/api/v1/public/levels")->body);
  for (const json& area : levels) {
    EXPECT_NE(area.value("warning_id", ""), drill["id"]) << area;
  }
  const json drills = json::parse(
      Call("GET", "/api/v1/warnings?exercise=true", "office")->body);
  ASSERT_EQ(drills.size(), 1u);
  EXPECT_EQ(drills[0]["id"], drill["id"]);
  EXPECT_EQ(Call("GET", "/api/v1/warnings?exercise=maybe", "office")->status,
            400);
  const json summary =
      json::parse(Call("GET", base + "/summary", "office")->body);
  EXPECT_EQ(summary["exercise"], true);
  EXPECT_EQ(summary["stages"]["to_approval_s"], 0);
  EXPECT_GE(summary["stages"]["acknowledged"], 1);
  EXPECT_TRUE(summary["stages"]["to_last_ack_s"].is_number());
  ASSERT_EQ(summary["findings"].size(), 1u);
  EXPECT_EQ(summary["findings"][0]["by"], "office");
  const std::string page = Call("GET", base + "/summary.html", "office")->body;
  EXPECT_NE(page.find("本次为应急演练"), std::string::npos);
  EXPECT_NE(page.find("学校停课通知到达偏晚"), std::string::npos);
}

TEST_F(NotifierIntegration, AcksOverMqttAndHttpsAndRefusalOfOtherOrgs) {
  Issue("yellow");
  ASSERT_TRUE(Eventually([this] { return AllDelivered(); }));
  auto orders = json::parse(Call("GET", "/api/v1/orders", "ent")->body);
  ASSERT_EQ(orders.size(), 1u);
  const std::string ent_order = orders[0]["id"];
  const std::string school_order =
      json::parse(Call("GET", "/api/v1/orders", "school")->body)[0]["id"];
  TestClient intruder(broker_->uri(), "intruder");
  intruder.Connect();
  intruder.Publish("hg/orgs/sch-1/acks",
                   json({{"order_id", ent_order}}).dump());
  TestClient enterprise(broker_->uri(), "ent-1");
  enterprise.Connect();
  enterprise.Publish(
      "hg/orgs/ent-1/acks",
      json({{"order_id", ent_order}, {"note", "已限产"}}).dump());
  ASSERT_TRUE(Eventually([&] {
    auto mine = json::parse(
        Call("GET", "/api/v1/orders?status=acknowledged", "ent")->body);
    return mine.size() == 1;
  }));
  auto https = Call("POST", "/api/v1/orders/" + school_order + "/ack", "school",
                    {{"note", "收到"}});
  ASSERT_EQ(https->status, 200);
  const json first = json::parse(https->body);
  EXPECT_EQ(first["status"], "acknowledged");
  clock_.Advance(60s);
  auto repeat =
      Call("POST", "/api/v1/orders/" + school_order + "/ack", "school");
  ASSERT_EQ(repeat->status, 200);
  EXPECT_EQ(json::parse(repeat->body)["acked_at"], first["acked_at"]);
  EXPECT_EQ(
      Call("POST", "/api/v1/orders/" + ent_order + "/ack", "school")->status,
      404);
  const std::string metrics = Call("GET", "/metrics", "office")->body;
  EXPECT_NE(metrics.find("hazegate_mqtt_acks_total{result=\"refused\"} 1"),
            std::string::npos)
      << metrics;
  auto lease = store_->Acquire();
  SQLite::Statement row(
      lease.db(), "SELECT acked_by, ack_channel FROM orders WHERE id = ?");
  row.bind(1, ent_order);
  ASSERT_TRUE(row.executeStep());
  EXPECT_EQ(row.getColumn(0).getString(), "ent-1");
  EXPECT_EQ(row.getColumn(1).getString(), "mqtt");
}

// Issue 11.2: an org fetching its orders over HTTPS has received them; the
// warning's counts and arrival rate show it.
TEST_F(NotifierIntegration, FetchingOrdersOverHttpsIsTheirReceipt) {
  const json warning = Issue("yellow");
  ASSERT_TRUE(Eventually([this] { return AllDelivered(); }));
  auto read = [&] {
    return json::parse(
        Call("GET", "/api/v1/warnings/" + warning["id"].get<std::string>(),
             "office")
            ->body);
  };
  const json before = read();
  EXPECT_FALSE(before["order_counts"].contains("received"));
  EXPECT_EQ(before["arrival"]["received"], 0);
  const json mine = json::parse(Call("GET", "/api/v1/orders", "ent")->body);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["status"], "received");
  EXPECT_TRUE(ParseRfc3339(mine[0]["received_at"].get<std::string>()));
  const json after = read();
  EXPECT_EQ(after["order_counts"]["received"], 1);
  EXPECT_EQ(after["arrival"]["received"], 1);
  EXPECT_EQ(after["arrival"]["orders"], before["arrival"]["orders"]);
  EXPECT_DOUBLE_EQ(after["arrival"]["rate"].get<double>(),
                   1.0 / before["arrival"]["orders"].get<double>());
  // Received, then acknowledged; a second fetch changes nothing.
  ASSERT_EQ(
      Call("POST",
           "/api/v1/orders/" + mine[0]["id"].get<std::string>() + "/ack", "ent")
          ->status,
      200);
  const json again = json::parse(Call("GET", "/api/v1/orders", "ent")->body);
  EXPECT_EQ(again[0]["status"], "acknowledged");
  EXPECT_EQ(again[0]["received_at"], mine[0]["received_at"]);
}

// Issue 11.4: an org's accounts manage the org's devices over HTTPS; the
// password is shown once; another org's device is not there.
TEST_F(NotifierIntegration, DevicesOfTheCallersOrg) {
  auto created =
      Call("POST", "/api/v1/devices", "ent", {{"name", "王经理手机"}});
  ASSERT_EQ(created->status, 201) << created->body;
  const json device = json::parse(created->body);
  EXPECT_EQ(device["name"], "王经理手机");
  EXPECT_TRUE(ParseRfc3339(device["created_at"].get<std::string>()));
  EXPECT_EQ(device["mqtt"]["client_id"], device["mqtt"]["username"]);
  EXPECT_EQ(device["mqtt"]["password"].get<std::string>().size(), 48u);
  EXPECT_EQ(device["mqtt"]["uri"], "tcp://127.0.0.1:1883");

  auto unnamed = Call("POST", "/api/v1/devices", "ent", json::object());
  ASSERT_EQ(unnamed->status, 400);
  EXPECT_EQ(json::parse(unnamed->body)["errors"][0]["field"], "name");
  auto control = Call("POST", "/api/v1/devices", "ent", {{"name", "a\x01"}});
  EXPECT_EQ(control->status, 400);

  const json listed = json::parse(Call("GET", "/api/v1/devices", "ent")->body);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["id"], device["id"]);
  EXPECT_FALSE(listed[0]["mqtt"].contains("password"));
  EXPECT_TRUE(listed[0]["last_seen_at"].is_null());
  // Issue 25: the app says it is here on its own topic; the list shows it.
  const std::string username = device["mqtt"]["username"];
  testing::TestClient phone(broker_->uri(), username);
  phone.Connect();
  phone.Publish("hg/devices/" + username + "/seen", "{}");
  EXPECT_TRUE(testing::Eventually([&] {
    const json seen = json::parse(Call("GET", "/api/v1/devices", "ent")->body);
    return seen[0]["last_seen_at"] == FormatRfc3339(clock_.Now());
  })) << "the device's sighting was not recorded";
  EXPECT_EQ(json::parse(Call("GET", "/api/v1/devices", "school")->body),
            json::array());

  const std::string path = "/api/v1/devices/" + device["id"].get<std::string>();
  EXPECT_EQ(Call("DELETE", path, "school")->status, 404);
  auto deleted = Call("DELETE", path, "ent");
  EXPECT_EQ(deleted->status, 204);
  EXPECT_EQ(deleted->body, "");
  EXPECT_EQ(Call("DELETE", path, "ent")->status, 404);
  EXPECT_EQ(json::parse(Call("GET", "/api/v1/devices", "ent")->body),
            json::array());
}

// Issue 12.1: implementation reports read back by the reporting org, the
// office, the command, and a county for its area's orgs; 404 for others.
// Issue 23: a member unit reads the reports and reporting of the sector the
// plan gives it (教育局: schools), prefecture-wide, and none of another
// kind; a county's unit only its county's part.
TEST_F(NotifierIntegration, AUnitReadsItsSectorsReports) {
  json plan = testing::SmallPlan();
  plan["orgs"].push_back({{"id", "unit-jyj"},
                          {"kind", "unit"},
                          {"name", "州教育局"},
                          {"area", "652300"},
                          {"tasks", plan["orgs"][2]["tasks"]},
                          {"supervises", {"school"}}});
  plan["orgs"].push_back({{"id", "unit-zjj-652302"},
                          {"kind", "unit"},
                          {"name", "阜康市住建局"},
                          {"area", "652302"},
                          {"tasks", plan["orgs"][2]["tasks"]},
                          {"supervises", {"site"}}});
  plan["orgs"].push_back({{"id", "unit-zjj-652301"},
                          {"kind", "unit"},
                          {"name", "昌吉市住建局"},
                          {"area", "652301"},
                          {"tasks", plan["orgs"][2]["tasks"]},
                          {"supervises", {"site"}}});
  const Status loaded = LoadPlan(*store_, plan, "test", clock_);
  ASSERT_TRUE(loaded.ok()) << loaded.error().external_text << " "
                           << (loaded.error().fields.empty()
                                   ? ""
                                   : loaded.error().fields[0].field + ": " +
                                         loaded.error().fields[0].message);
  Accounts accounts(*store_, clock_);
  for (const auto& [user, org] :
       std::vector<std::pair<std::string, std::string>>{
           {"jyj", "unit-jyj"},
           {"zjj", "unit-zjj-652302"},
           {"zjj1", "unit-zjj-652301"},
           {"siteman", "site-1"}}) {
    auto made = accounts.Create(
        {user, user == "siteman" ? "enterprise" : "unit", org, std::nullopt},
        "test");
    ASSERT_TRUE(made.ok());
    tokens_[user] = made.value().token;
  }
  const std::string id = Issue("yellow")["id"];
  std::map<std::string, std::string> order_of;
  for (const char* user : {"ent", "school", "siteman"}) {
    order_of[user] =
        json::parse(Call("GET", "/api/v1/orders", user)->body)[0]["id"];
    ASSERT_EQ(Call("POST", "/api/v1/orders/" + order_of[user] + "/reports",
                   user, {{"text", std::string("落实情况：") + user}})
                  ->status,
              201);
  }
  const auto orgs = [&](const std::string& path, const std::string& user) {
    std::set<std::string> seen;
    for (const json& r : json::parse(Call("GET", path, user)->body)) {
      seen.insert(r["org"].get<std::string>());
    }
    return seen;
  };
  const std::string all = "/api/v1/warnings/" + id + "/reports";
  EXPECT_EQ(orgs(all, "jyj"), std::set<std::string>{"sch-1"});
  EXPECT_EQ(Call("GET", "/api/v1/orders/" + order_of["ent"] + "/reports", "jyj")
                ->status,
            404);
  EXPECT_EQ(
      Call("GET", "/api/v1/orders/" + order_of["school"] + "/reports", "jyj")
          ->status,
      200);
  // site-1 lies in 652302: its county unit's, not 652301's.
  EXPECT_EQ(orgs(all, "zjj"), std::set<std::string>{"site-1"});
  EXPECT_TRUE(orgs(all, "zjj1").empty());
  json reporting = json::parse(
      Call("GET", "/api/v1/warnings/" + id + "/reporting", "jyj")->body);
  std::set<std::string> owed;
  for (const json& r : reporting) owed.insert(r["org"].get<std::string>());
  EXPECT_FALSE(owed.contains("ent-1"));
  EXPECT_FALSE(owed.contains("site-1"));
  // Its own daily report's prefill: the sector's orgs ordered,
  // acknowledged, reported.
  ASSERT_EQ(
      Call("POST", "/api/v1/orders/" + order_of["school"] + "/ack", "school")
          ->status,
      200);
  const auto sectors = [&](const std::string& user) {
    return json::parse(Call("GET", "/api/v1/warnings/" + id + "/sector", user)
                           ->body)["sectors"];
  };
  EXPECT_EQ(sectors("jyj"), json::parse(R"([{"kind": "school", "orders": 1,
      "acknowledged": 1, "reported": 1}])"));
  EXPECT_EQ(sectors("zjj"), json::parse(R"([{"kind": "site", "orders": 1,
      "acknowledged": 0, "reported": 1}])"));
  EXPECT_EQ(sectors("zjj1"), json::array()) << "no site in 652301";
  EXPECT_EQ(Call("GET", "/api/v1/warnings/" + id + "/sector", "school")->status,
            403);
  // Writes do not widen: the unit cannot report on the school's order.
  EXPECT_NE(Call("POST", "/api/v1/orders/" + order_of["school"] + "/reports",
                 "jyj", {{"text", "代报"}})
                ->status,
            201);
  // A sector is a unit's alone.
  plan["orgs"][0]["supervises"] = {"school"};  // the command
  plan["orgs"].back()["supervises"] = {"planet"};
  auto refused = LoadPlan(*store_, plan, "test", clock_);
  ASSERT_FALSE(refused.ok());
  std::set<std::string> fields;
  for (const auto& e : refused.error().fields) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"/orgs/0/supervises",
                                           "/orgs/10/supervises"}))
      << refused.error().external_text;
}

TEST_F(NotifierIntegration, ReportsAreReadBackWithinTheReadersScope) {
  Accounts accounts(*store_, clock_);
  auto site = accounts.Create({"siteman", "enterprise", "site-1", std::nullopt},
                              "test");
  ASSERT_TRUE(site.ok());
  tokens_["site"] = site.value().token;
  const json warning = Issue("yellow");
  const std::string id = warning["id"];
  const std::string ent_order =
      json::parse(Call("GET", "/api/v1/orders", "ent")->body)[0]["id"];
  const std::string site_order =
      json::parse(Call("GET", "/api/v1/orders", "site")->body)[0]["id"];
  auto filed = Call(
      "POST", "/api/v1/orders/" + ent_order + "/reports", "ent",
      {{"text", "=SUM(A1) 已停产, 见附件"}, {"figures", {{"停产工序", 1}}}});
  ASSERT_EQ(filed->status, 201);
  EXPECT_EQ(json::parse(filed->body)["by"], "ent");
  EXPECT_EQ(json::parse(filed->body)["warning_id"], id);
  ASSERT_EQ(Call("POST", "/api/v1/orders/" + site_order + "/reports", "site",
                 {{"text", "已洒水降尘"}})
                ->status,
            201);

  auto count = [&](const std::string& path, const std::string& user) {
    auto res = Call("GET", path, user);
    return res->status == 200 ? static_cast<int>(json::parse(res->body).size())
                              : -res->status;
  };
  const std::string ent_reports = "/api/v1/orders/" + ent_order + "/reports";
  EXPECT_EQ(count(ent_reports, "ent"), 1);
  EXPECT_EQ(count(ent_reports, "office"), 1);
  EXPECT_EQ(count(ent_reports, "command"), 1);
  EXPECT_EQ(count(ent_reports, "county"), 1);
  EXPECT_EQ(count(ent_reports, "school"), -404);
  EXPECT_EQ(count("/api/v1/orders/" + site_order + "/reports", "county"), -404)
      << "site-1 lies in another county's area";
  const std::string all = "/api/v1/warnings/" + id + "/reports";
  EXPECT_EQ(count(all, "office"), 2);
  EXPECT_EQ(count(all, "county"), 1);
  EXPECT_EQ(count(all, "ent"), 1);
  EXPECT_EQ(count(all, "school"), 0);
  EXPECT_EQ(count(all + "?kind=site", "office"), 1);
  EXPECT_EQ(count(all + "?org=ent-1", "office"), 1);
  EXPECT_EQ(count(all + "?kind=planet", "office"), -400);
  EXPECT_EQ(count("/api/v1/warnings/none/reports", "office"), -404);
  const json read = json::parse(Call("GET", ent_reports, "office")->body)[0];
  EXPECT_EQ(read["figures"]["停产工序"], 1);
  EXPECT_EQ(read["org"], "ent-1");
  EXPECT_EQ(read["order_id"], ent_order);

  auto csv = Call("GET", all + ".csv", "office");
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->body.rfind("\xEF\xBB\xBFid,order_id,org,", 0), 0u);
  EXPECT_NE(csv->body.find("\"'=SUM(A1) 已停产, 见附件\""), std::string::npos)
      << "a formula is defused, a comma quoted:\n"
      << csv->body;
  EXPECT_EQ(std::count(csv->body.begin(), csv->body.end(), '\n'), 3);
}

// Issue 23: a county that let its order go unacknowledged is a lead with
// that order as evidence; the discipline commission (and only it) moves it
// to 谈话提醒 with a note, on the lead's history and the audit trail; each
// body reads its own leads, the office all.
TEST_F(NotifierIntegration, AnOverdueCountyIsALeadTheCommissionActsOn) {
  json plan = testing::SmallPlan();
  plan["orgs"].push_back({{"id", "unit-jiwei"},
                          {"kind", "unit"},
                          {"name", "州纪委监委"},
                          {"area", "652300"},
                          {"tasks", plan["orgs"][2]["tasks"]}});
  plan["discipline_commission"] = "unit-jiwei";
  ASSERT_TRUE(LoadPlan(*store_, plan, "test", clock_).ok());
  Accounts accounts(*store_, clock_);
  for (const auto& [user, org] :
       std::vector<std::pair<std::string, std::string>>{{"jiwei", "unit-jiwei"},
                                                        {"gaj", "unit-gaj"}}) {
    auto made = accounts.Create({user, "unit", org, std::nullopt}, "test");
    ASSERT_TRUE(made.ok());
    tokens_[user] = made.value().token;
  }
  const std::string id = Issue("yellow")["id"];
  const std::string notice =
      json::parse(Call("GET", "/api/v1/orders", "county")->body)[0]["id"];
  ASSERT_TRUE(Eventually([this] { return AllDelivered(); }));
  clock_.Advance(31min);  // the county's 30 minutes passed, the units' not
  const auto leads = [&](const std::string& user,
                         const std::string& query = "") {
    auto res = Call("GET", "/api/v1/accountability/leads" + query, user);
    return res->status == 200 ? json::parse(res->body) : json(res->status);
  };
  ASSERT_TRUE(Eventually([&] { return leads("office").size() == 1; }, 10s))
      << leads("office").dump();
  const json lead = leads("office")[0];
  EXPECT_EQ(lead["org"], "county-652301");
  EXPECT_EQ(lead["kind"], "no_ack");
  EXPECT_EQ(lead["warning_id"], id);
  EXPECT_EQ(lead["evidence"]["order_ids"], json({notice}));
  EXPECT_EQ(lead["status"], "new");
  EXPECT_EQ(leads("county").size(), 1u) << "its own";
  EXPECT_TRUE(leads("gaj").empty()) << "another body's";
  EXPECT_EQ(leads("jiwei").size(), 1u) << "the commission reads all";
  EXPECT_EQ(leads("school"), json(403));
  const std::string act = "/api/v1/accountability/leads/" +
                          lead["id"].get<std::string>() + "/actions";
  EXPECT_EQ(
      Call("POST", act, "gaj", {{"status", "reminded"}, {"note", "x"}})->status,
      403);
  EXPECT_EQ(
      Call("POST", act, "jiwei", {{"status", "new"}, {"note", "x"}})->status,
      400);
  auto moved = Call("POST", act, "jiwei",
                    {{"status", "reminded"}, {"note", "约谈县政府分管负责人"}});
  ASSERT_EQ(moved->status, 200) << moved->body;
  const json history = json::parse(moved->body)["history"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["status"], "new");
  EXPECT_EQ(history[1]["status"], "reminded");
  EXPECT_EQ(history[1]["by"], "jiwei");
  EXPECT_EQ(leads("office", "?status=reminded").size(), 1u);
  // The commission's export: the lead, its evidence, its last step.
  auto csv =
      Call("GET", "/api/v1/accountability/leads.csv?status=reminded", "jiwei");
  ASSERT_EQ(csv->status, 200);
  EXPECT_NE(csv->body.find(lead["id"].get<std::string>() +
                           ",county-652301,no_ack," + id),
            std::string::npos)
      << csv->body;
  EXPECT_NE(csv->body.find(notice + ",jiwei,"), std::string::npos);
  EXPECT_NE(csv->body.find("约谈县政府分管负责人"), std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/accountability/leads.csv", "gaj")
                ->body.find("county-652301"),
            std::string::npos)
      << "another body's lead exported";
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = "
                  "'lead.action' AND actor = 'jiwei'"),
            1);
  // Later failures of the same body in the same warning widen the lead's
  // evidence, they open no second lead; a drill opens none.
  Issue("yellow", {{"exercise", true}});
  clock_.Advance(2h);
  ASSERT_TRUE(Eventually(
      [&] {
        for (const json& l : leads("office")) {
          if (l["org"] == "unit-gaj") return true;
        }
        return false;
      },
      10s));
  for (const json& l : leads("office")) {
    EXPECT_EQ(l["warning_id"], id) << "a drill opened a lead";
  }
  // The season view ranks the bodies by the leads against them.
  const json season = json::parse(
      Call("GET", "/api/v1/season?from=2026-11-01&to=2026-12-31", "office")
          ->body);
  std::map<std::string, int64_t> ranked;
  for (const json& b : season["bodies_by_failures"]) {
    ranked[b["org"]] = b["leads"].get<int64_t>();
  }
  EXPECT_EQ(ranked["county-652301"], 1) << season.dump();
  EXPECT_EQ(
      ranked.size(),
      json::parse(Call("GET", "/api/v1/accountability/leads", "office")->body)
          .size())
      << "one body per lead here";
}

// The daily bulletin (日报) compiles itself at the plan's hour over the
// warning in force; every figure is checked against the orders and
// inspections it came from; it stays as compiled when the data moves on,
// is numbered on approval, corrected as version 2 under the same number,
// and logged as sent.
TEST_F(NotifierIntegration, TheDailyBulletinIsCompiledAtThePlansHourAndFrozen) {
  json plan = testing::SmallPlan();
  plan["bulletin"] = {{"daily_at", "14:00"}};
  ASSERT_TRUE(LoadPlan(*store_, plan, "test", clock_).ok());
  const std::string id = Issue("yellow")["id"];
  ASSERT_TRUE(Eventually([this] { return AllDelivered(); }));
  const auto own_order = [&](const std::string& user) {
    return json::parse(Call("GET", "/api/v1/orders", user)->body)[0]["id"]
        .get<std::string>();
  };
  ASSERT_EQ(Call("POST", "/api/v1/orders/" + own_order("ent") + "/ack", "ent")
                ->status,
            200);
  json inspection = {
      {"id", "r-b1"},
      {"site", "ent-1"},
      {"warning_id", id},
      {"captured_at", "2026-12-01T09:00:00+08:00"},
      {"location", {{"lat", 44.01}, {"lon", 87.30}, {"accuracy_m", 5}}},
      {"checklist", {{{"item", "限产"}, {"result", "pass"}}}},
      {"verdict", "compliant"}};
  clock_.Advance(1h);
  ASSERT_EQ(SubmitInspection(gateway_->port(), tokens_["inspector"], inspection,
                             testing::MakeJpeg(64, 64, 7))
                ->status,
            201);
  const auto dailies = [&] {
    return json::parse(
        Call("GET", "/api/v1/bulletins?kind=daily&warning=" + id, "office")
            ->body);
  };
  clock_.Advance(4h + 59min);  // 13:59: not yet
  EXPECT_EQ(Count("SELECT count(*) FROM bulletins"), 0);
  clock_.Advance(2min);  // 14:01
  ASSERT_TRUE(Eventually([&] { return dailies().size() == 1; }, 10s));
  const std::string bulletin = dailies()[0]["id"];
  const auto get = [&](const std::string& b,
                       const std::string& user = "office") {
    auto res = Call("GET", "/api/v1/bulletins/" + b, user);
    return res->status == 200 ? json::parse(res->body) : json(res->status);
  };
  const json draft = get(bulletin);
  EXPECT_EQ(draft["status"], "draft");
  EXPECT_EQ(draft["compiled_by"], "system");
  EXPECT_EQ(draft["compiled_at"], "2026-12-01T14:01:00+08:00");
  ASSERT_EQ(draft["figures"]["warnings"].size(), 1u);
  const json w = draft["figures"]["warnings"][0];
  EXPECT_EQ(w["id"], id);
  const auto orders = [&](const std::string& condition) {
    return Count(
        "SELECT count(*) FROM orders o JOIN orgs g ON g.id = o.org WHERE "
        "o.warning_id = '" +
        id +
        "' AND o.kind IN ('enterprise_measures', 'school_notice', "
        "'site_measures', 'unit_task', 'area_notice') AND " +
        condition);
  };
  for (const std::string kind :
       {"enterprise", "school", "site", "unit", "group", "county"}) {
    const std::string of_kind = "g.kind = '" + kind + "'";
    const json& counts = w["by_kind"][kind];
    EXPECT_EQ(counts["total"], orders(of_kind)) << kind;
    EXPECT_EQ(counts["acknowledged"],
              orders(of_kind + " AND o.acked_at IS NOT NULL"))
        << kind;
    EXPECT_EQ(counts["received"],
              orders(of_kind + " AND o.received_at IS NOT NULL"))
        << kind;
  }
  EXPECT_EQ(w["by_kind"]["enterprise"]["acknowledged"], 1);
  EXPECT_EQ(w["by_kind"]["county"]["overdue"], 1) << "30 minutes passed";
  EXPECT_EQ(w["by_area"]["652301"]["total"], orders("g.area = '652301'"));
  EXPECT_EQ(w["enterprises"]["limit"],
            json({{"ordered", 1}, {"acknowledged", 1}, {"verified", 1}}));
  EXPECT_EQ(w["enterprises"]["stop"]["ordered"], 0);
  EXPECT_EQ(w["inspections"], 1);
  EXPECT_EQ(w["compliant"], 1);
  const json reduction = json::parse(
      Call("GET", "/api/v1/warnings/" + id + "/reduction", "office")->body);
  for (const std::string p : {"so2", "nox", "pm", "vocs"}) {
    for (const std::string f : {"baseline_t_per_d", "planned", "verified"}) {
      EXPECT_EQ(w["reduction"][p][f], reduction["pollutants"][p][f]) << p << f;
    }
  }

  // The data moves on; the bulletin does not.
  ASSERT_EQ(
      Call("POST", "/api/v1/orders/" + own_order("school") + "/ack", "school")
          ->status,
      200);
  EXPECT_EQ(get(bulletin)["figures"], draft["figures"]);
  auto again = Call("POST", "/api/v1/bulletins", "office", {{"kind", "daily"}});
  ASSERT_EQ(again->status, 201) << again->body;
  EXPECT_EQ(json::parse(again->body)["figures"]["warnings"][0]["by_kind"]
                                    ["school"]["acknowledged"],
            1)
      << "compiled afresh on request";

  auto approved =
      Call("POST", "/api/v1/bulletins/" + bulletin + "/approve", "office",
           {{"text", "全州按预案落实黄色预警响应措施。"}});
  ASSERT_EQ(approved->status, 200) << approved->body;
  EXPECT_EQ(json::parse(approved->body)["number"], "〔2026〕1号");
  EXPECT_EQ(json::parse(approved->body)["approved_by"], "office");
  EXPECT_EQ(Call("POST", "/api/v1/bulletins/" + bulletin + "/approve", "office")
                ->status,
            409);
  EXPECT_THROW(
      store_->Acquire().db().exec(
          "UPDATE bulletins SET text = 'x' WHERE id = '" + bulletin + "'"),
      std::exception)
      << "the store refuses to change an approved version";
  EXPECT_EQ(Call("POST", "/api/v1/bulletins/" + bulletin + "/sent", "office",
                 {{"to", ""}})
                ->status,
            400);

  auto revised = Call("POST", "/api/v1/bulletins/" + bulletin + "/revise",
                      "office", {{"text", "更正：全州落实黄色预警响应措施。"}});
  ASSERT_EQ(revised->status, 201) << revised->body;
  const json v2 = json::parse(revised->body);
  EXPECT_EQ(v2["version"], 2);
  EXPECT_EQ(v2["series"], bulletin);
  EXPECT_EQ(v2["status"], "draft");
  EXPECT_EQ(v2["figures"], draft["figures"]) << "a correction of the text";
  const std::string v2_id = v2["id"];
  EXPECT_EQ(Call("POST", "/api/v1/bulletins/" + v2_id + "/sent", "office",
                 {{"to", "自治区生态环境厅"}})
                ->status,
            409)
      << "a draft is not sent";
  EXPECT_EQ(Call("POST", "/api/v1/bulletins/" + bulletin + "/revise", "office")
                ->status,
            409)
      << "only the latest version is revised";
  auto v2_approved =
      Call("POST", "/api/v1/bulletins/" + v2_id + "/approve", "office");
  ASSERT_EQ(v2_approved->status, 200);
  EXPECT_EQ(json::parse(v2_approved->body)["number"], "〔2026〕1号");
  auto sent =
      Call("POST", "/api/v1/bulletins/" + v2_id + "/sent", "office",
           {{"to", "自治区生态环境厅"}, {"at", "2026-12-01T14:30:00+08:00"}});
  ASSERT_EQ(sent->status, 200) << sent->body;
  EXPECT_EQ(json::parse(sent->body)["sent"],
            json::parse(R"([{"to": "自治区生态环境厅", "by": "office",
                             "at": "2026-12-01T14:30:00+08:00"}])"));

  auto page = Call("GET", "/api/v1/bulletins/" + v2_id + ".html", "command");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("〔2026〕1号"), std::string::npos);
  EXPECT_NE(page->body.find("第2版"), std::string::npos);
  EXPECT_NE(page->body.find("更正：全州落实黄色预警响应措施。"),
            std::string::npos);
  EXPECT_EQ(page->body.find("<script"), std::string::npos);
  auto csv = Call("GET", "/api/v1/bulletins/" + v2_id + ".csv", "office");
  ASSERT_EQ(csv->status, 200);
  EXPECT_NE(csv->body.find("enterprises," + id + ",limit,verified,1\r\n"),
            std::string::npos)
      << csv->body;

  auto special = Call("POST", "/api/v1/bulletins", "office",
                      {{"kind", "special"},
                       {"warning_id", id},
                       {"text", "示例水泥有限公司现场核实落实限产。"}});
  ASSERT_EQ(special->status, 201) << special->body;
  auto special_approved =
      Call("POST",
           "/api/v1/bulletins/" +
               json::parse(special->body)["id"].get<std::string>() + "/approve",
           "office");
  EXPECT_EQ(json::parse(special_approved->body)["number"], "〔2026〕1号")
      << "numbered per kind";
  EXPECT_EQ(Call("POST", "/api/v1/bulletins", "office", {{"kind", "special"}})
                ->status,
            400);
  EXPECT_EQ(get(bulletin, "county"), json(403));
  EXPECT_EQ(
      Call("POST", "/api/v1/bulletins", "command", {{"kind", "daily"}})->status,
      403);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = "
                  "'bulletin.approve'"),
            3);
  EXPECT_EQ(dailies().size(), 3u) << "the plan's, the one asked for, v2";
  EXPECT_EQ(Count("SELECT count(*) FROM bulletins WHERE compiled_by = "
                  "'system'"),
            1)
      << "once a day";
}

TEST_F(NotifierIntegration, SilenceIsEscalatedToTheCounty) {
  auto county = Subscriber("county-app", "hg/orgs/county-652301/orders");
  Issue("yellow");
  ASSERT_EQ(county->Collect(1, 3s).size(), 1u);  // its own area notice
  ASSERT_TRUE(Eventually([this] { return AllDelivered(); }));
  clock_.Advance(2h);
  std::set<std::string> escalated;
  for (const auto& message : county->Collect(2, 5s)) {
    EXPECT_EQ(message.payload["kind"], "escalation");
    escalated.insert(message.payload["measures"][0]["org"].get<std::string>());
  }
  // site-1 is in 652302, which has no county org: its escalation goes to
  // the office.
  EXPECT_EQ(escalated, (std::set<std::string>{"ent-1", "sch-1"}));
  ASSERT_TRUE(Eventually([this] {
    return Count(
               "SELECT count(*) FROM orders WHERE kind = 'escalation' AND "
               "org = 'office' AND refers_to IN (SELECT id FROM orders "
               "WHERE org = 'site-1')") == 1;
  }));
}

TEST_F(NotifierIntegration,
       OfflinePersistentSubscriberGetsItsOrdersOnReconnect) {
  {
    auto school = Subscriber("sch-1", "hg/orgs/sch-1/orders", false);
    school->Disconnect();
  }
  Issue("yellow");
  ASSERT_TRUE(Eventually([this] { return AllDelivered(); }));
  TestClient school(broker_->uri(), "sch-1", false);
  school.Connect();  // no new subscription: the session kept it
  auto order = school.Next(5s);
  ASSERT_TRUE(order);
  EXPECT_EQ(order->payload["org"], "sch-1");
  EXPECT_EQ(order->payload["kind"], "school_notice");
}

// Issue 12.3: a warning run end to end — issue, delivery, a receipt and an
// ack from a real MQTT client, an ack over HTTPS, reports, an inspection, a
// case, silence, lifting — and every figure of its evaluation checked.
class EvaluatedWarning : public NotifierIntegration {
 protected:
  void SetUp() override {
    json plan = testing::SmallPlan();
    for (json& org : plan["orgs"]) {
      if (org["id"] == "ent-1") {
        org["emissions"] = {
            {"kiln", {{"so2", 1.0}, {"nox", 2.0}, {"pm", 0.5}, {"vocs", 0.1}}}};
      }
    }
    plan["reporting"] = json::parse(R"([
      {"id": "ent", "kinds": ["enterprise"], "schedule": "after_order",
       "within_h": 24, "title": "企业落实情况",
       "figures": [{"name": "停产工序", "unit": "个"}]},
      {"id": "daily", "kinds": ["unit"], "schedule": "daily", "at": "14:00",
       "title": "每日落实情况",
       "figures": [{"name": "出动检查人员", "unit": "人次"}]}])");
    Boot(plan);
  }

  std::string OrderOf(const std::string& user) {
    return json::parse(Call("GET", "/api/v1/orders", user)->body)[0]["id"];
  }
};

TEST_F(EvaluatedWarning, EveryFigureOfTheSummary) {
  Accounts accounts(*store_, clock_);
  auto unit =
      accounts.Create({"liaison", "unit", "unit-gaj", std::nullopt}, "test");
  ASSERT_TRUE(unit.ok());
  tokens_["unit"] = unit.value().token;
  auto device = Subscriber("ent-1", "hg/orgs/ent-1/orders");
  const json warning = Issue("yellow");  // 08:00, 652301 and 652302
  const std::string id = warning["id"];
  ASSERT_TRUE(Eventually([this] { return AllDelivered(); }));
  auto order = NextOfKind(*device, "enterprise_measures", 5s);
  ASSERT_TRUE(order);
  const std::string ent_order = (*order).payload["id"];
  device->Publish("hg/orgs/ent-1/receipts",
                  json({{"order_ids", {ent_order}}}).dump());
  ASSERT_TRUE(Eventually([&] {
    return Count("SELECT count(*) FROM orders WHERE received_at IS NOT NULL") ==
           1;
  }));
  clock_.Advance(10min);  // 08:10: the device's ack
  device->Publish("hg/orgs/ent-1/acks", json({{"order_id", ent_order}}).dump());
  ASSERT_TRUE(Eventually([&] {
    return Count(
               "SELECT count(*) FROM orders WHERE status = "
               "'acknowledged'") == 1;
  }));
  clock_.Advance(20min);  // 08:30: the county's deadline passes; the school
                          // fetches and acknowledges
  ASSERT_TRUE(Eventually([&] {
    return Count(
               "SELECT count(*) FROM orders WHERE org = 'county-652301' "
               "AND status = 'overdue'") == 1;
  }));
  const std::string school_order = OrderOf("school");
  ASSERT_EQ(
      Call("POST", "/api/v1/orders/" + school_order + "/ack", "school")->status,
      200);
  ASSERT_EQ(Call("POST", "/api/v1/orders/" + ent_order + "/reports", "ent",
                 {{"text", "窑炉已限产"}, {"figures", {{"停产工序", 1}}}})
                ->status,
            201);
  // Read from the database: fetching it would count as the unit's receipt.
  const std::string unit_order = [&] {
    auto lease = store_->Acquire();
    return lease.db()
        .execAndGet("SELECT id FROM orders WHERE org = 'unit-gaj'")
        .getString();
  }();
  ASSERT_EQ(
      Call("POST", "/api/v1/orders/" + unit_order + "/reports", "unit",
           {{"text", "开展联合检查"}, {"figures", {{"出动检查人员", 12}}}})
          ->status,
      201);
  auto inspected = SubmitInspection(
      gateway_->port(), tokens_["inspector"],
      {{"id", "eval-1"},
       {"site", "ent-1"},
       {"warning_id", id},
       {"captured_at", "2026-12-01T08:30:00+08:00"},
       {"location", {{"lat", 44.01}, {"lon", 87.30}, {"accuracy_m", 5}}},
       {"checklist", {{{"item", "限产"}, {"result", "fail"}}}},
       {"verdict", "non_compliant"}},
      testing::MakeJpeg(64, 64, 7));
  ASSERT_EQ(inspected->status, 201) << inspected->body;
  const json inspection = json::parse(inspected->body);
  const std::string case_id = inspection["case_id"];
  for (const char* action : {"record_penalty", "refer_discipline"}) {
    ASSERT_EQ(Call("POST", "/api/v1/cases/" + case_id + "/actions", "county",
                   {{"action", action}, {"note", "依法处理"}})
                  ->status,
              200);
  }
  clock_.Advance(1h);  // 09:30: the silent are overdue, then it is lifted
  // (Escalations of the silence may fall due too, depending on when the
  // scheduler saw the county's deadline pass: not recipients' orders.)
  ASSERT_TRUE(Eventually([&] {
    return Count(
               "SELECT count(*) FROM orders WHERE status = 'overdue' AND "
               "kind != 'escalation'") == 4;
  }));
  ASSERT_EQ(Call("POST", "/api/v1/warnings/" + id + "/lift", "office",
                 {{"reason", "空气质量好转"}})
                ->status,
            200);

  auto res = Call("GET", "/api/v1/warnings/" + id + "/summary", "office");
  ASSERT_EQ(res->status, 200) << res->body;
  const json summary = json::parse(res->body);
  EXPECT_EQ(summary["warning"]["status"], "lifted");
  const auto tally = [](int total, int received, int acked, int on_time,
                        int overdue, int canceled) {
    return json{{"total", total},       {"delivered", total},
                {"received", received}, {"acknowledged", acked},
                {"on_time", on_time},   {"overdue", overdue},
                {"canceled", canceled}};
  };
  EXPECT_EQ(summary["orders"]["by_kind"],
            json({{"enterprise", tally(1, 1, 1, 1, 0, 0)},
                  {"school", tally(1, 1, 1, 1, 0, 0)},
                  {"unit", tally(1, 0, 0, 0, 1, 1)},
                  {"group", tally(1, 0, 0, 0, 1, 1)},
                  {"county", tally(1, 0, 0, 0, 1, 1)},
                  {"site", tally(1, 0, 0, 0, 1, 1)}}));
  EXPECT_EQ(summary["orders"]["by_area"],
            json({{"652300", tally(2, 0, 0, 0, 2, 2)},
                  {"652301", tally(3, 2, 2, 2, 1, 1)},
                  {"652302", tally(1, 0, 0, 0, 1, 1)}}));
  EXPECT_EQ(summary["ack_latency_s"],
            json({{"p50", 600}, {"p90", 1800}, {"max", 1800}}));
  EXPECT_EQ(summary["reports"],
            json({{"due", 0},
                  {"received", 2},
                  {"late", 0},
                  {"missing", 0},
                  {"filed", 2},
                  {"figures", {{"停产工序", 1.0}, {"出动检查人员", 12.0}}}}));
  json flags = json::object();
  for (const json& flag : inspection["flags"])
    flags[flag.get<std::string>()] = 1;
  EXPECT_EQ(summary["inspections"], json({{"total", 1},
                                          {"compliant", 0},
                                          {"non_compliant", 1},
                                          {"flags", flags}}));
  EXPECT_EQ(
      summary["cases"],
      json({{"opened", 1}, {"closed", 0}, {"penalized", 1}, {"referred", 1}}));
  std::vector<std::string> events;
  for (const json& e : summary["timeline"]) events.push_back(e["event"]);
  EXPECT_EQ(events, (std::vector<std::string>{"create", "activated", "lift"}));
  EXPECT_EQ(summary["timeline"][2]["at"], "2026-12-01T09:30:00+08:00");
  EXPECT_EQ(summary["timeline"][2]["by"], "office");
  const json so2 = summary["reduction"]["pollutants"]["so2"];
  EXPECT_EQ(so2, json({{"baseline_t_per_d", 1.0},
                       {"planned", 0.3},
                       {"acknowledged", 0.3},
                       {"verified", 0.0},
                       {"in_doubt", 0.3},
                       {"target_pct", 10.0},
                       {"planned_pct", 30.0}}))
      << "limit to 70 % load removes 30 %; found non-compliant: in doubt";
  EXPECT_EQ(summary["reduction"]["pollutants"]["nox"]["planned"], 0.6);
  EXPECT_EQ(
      json::parse(
          Call("GET", "/api/v1/warnings/" + id + "/reduction", "office")->body),
      summary["reduction"]);

  auto page = Call("GET", "/api/v1/warnings/" + id + "/summary.html", "office");
  ASSERT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page->get_header_value("Content-Security-Policy"),
            "default-src 'none'; style-src 'unsafe-inline'");
  for (const char* text : {"黄色", "总结评估", "成员单位", "二氧化硫", "昌吉市",
                           "空气质量好转", "出动检查人员", "10.0 分钟"}) {
    EXPECT_NE(page->body.find(text), std::string::npos) << text;
  }
  EXPECT_EQ(page->body.find("<script"), std::string::npos);
  // Printed to PDF by headless Chromium, as the office attaches it: one or
  // two A4 pages whose text is the page's (CJK fonts embedded).
  const std::string html = dir_.File("summary.html");
  const std::string pdf = dir_.File("summary.pdf");
  std::ofstream(html) << page->body;
  ASSERT_EQ(std::system(("chromium --headless --no-sandbox --disable-gpu "
                         "--no-pdf-header-footer --print-to-pdf=" +
                         pdf + " file://" + html + " >/dev/null 2>&1")
                            .c_str()),
            0);
  const std::string info = testing::CommandOutput("pdfinfo " + pdf + " 2>&1");
  EXPECT_NE(info.find(" pts (A4)"), std::string::npos) << info;
  const std::string pages = info.substr(info.find("Pages:") + 6, 20);
  EXPECT_LE(std::stoi(pages), 2) << info;
  const std::string text =
      testing::CommandOutput("pdftotext -enc UTF-8 " + pdf + " - 2>&1");
  for (const char* words : {"总结评估", "二氧化硫", "成员单位"}) {
    EXPECT_NE(text.find(words), std::string::npos) << words << " in\n" << text;
  }
  EXPECT_EQ(Call("GET", "/api/v1/warnings/" + id + "/summary", "ent")->status,
            403);
}

class BigFanOut : public NotifierIntegration {
 protected:
  void SetUp() override { Boot(testing::PlanWithSchools(5000)); }
};

TEST_F(BigFanOut, BrokerKilledAndRestartedMidFanOutLosesNothing) {
  const json warning = Issue("yellow", {{"areas", {"652301"}}});
  const int total = Count("SELECT count(*) FROM orders");
  ASSERT_GE(total, 5000);
  // Kill the broker as soon as the dispatcher has started publishing.
  const auto give_up = std::chrono::steady_clock::now() + 5s;
  while (notifier_->Metrics().find("hazegate_outbox_published_total 0\n") !=
             std::string::npos &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(1ms);
  }
  broker_->Kill(SIGKILL);
  const int delivered_before =
      Count("SELECT count(*) FROM orders WHERE status = 'delivered'");
  EXPECT_LT(delivered_before, total)
      << "the broker died before the fan-out ended";
  ASSERT_TRUE(Eventually([this] { return !notifier_->Connected(); }))
      << "the server never saw the broker go";
  broker_->Start();
  ASSERT_TRUE(Eventually([this] { return AllDelivered(); }, 60s))
      << Count("SELECT count(*) FROM outbox") << " messages still in the "
      << "outbox; connected " << notifier_->Connected() << "\n"
      << notifier_->Metrics();
  EXPECT_EQ(Count("SELECT count(*) FROM orders WHERE status = 'delivered'"),
            total);
}

}  // namespace
}  // namespace hazegate
