// Issue 19's attacks: a valid low-privilege account (a county, an
// enterprise, a school) and odd anonymous requests, against the real server
// behind the front door with the broker run.sh ships. Each prints what the
// attack achieved before the fix (the issue's figures) and what it gets now.
#include "account_scenarios.h"

#include <httplib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "attacks.h"
#include "hazegate/mqtt/broker_client.h"
#include "mqtt_support.h"

namespace hazegate::testing {

namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kStarts = "2026-12-01T08:00:00+08:00";

void Line(ScenarioResult& result, const std::string& text) {
  result.text += "  " + text + "\n";
}

json JsonOf(const Answer& answer) {
  return json::parse(answer.body, nullptr, false);
}

Answer Get(const ProtectedServer& server, const std::string& path,
           const std::string& token) {
  return Send(TargetOf(server), "GET", path, token, "", "");
}

Answer PostJson(const ProtectedServer& server, const std::string& path,
                const std::string& token, const json& body,
                const std::string& source = "127.0.0.2") {
  return Send(TargetOf(server), "POST", path, token, "application/json",
              body.dump(), source);
}

// A yellow warning issued by the office (active at once): its id.
std::string IssueYellow(const ProtectedServer& server,
                        const std::vector<std::string>& areas,
                        const std::string& supersedes = "") {
  json body = {{"level", "yellow"},
               {"areas", areas},
               {"starts_at", kStarts},
               {"reason", "AQI>200"}};
  if (!supersedes.empty()) body["supersedes"] = supersedes;
  const Answer issued =
      PostJson(server, "/api/v1/warnings", server.token("office"), body);
  if (issued.status != 201) {
    throw std::runtime_error("issuing a warning: " + issued.body);
  }
  return JsonOf(issued)["id"];
}

// The org's order of warning `warning` (through GET /orders).
std::string OrderOf(const ProtectedServer& server, const std::string& role,
                    const std::string& warning) {
  const json orders =
      JsonOf(Get(server, "/api/v1/orders?limit=1000", server.token(role)));
  for (const json& order : orders) {
    if (order.value("warning_id", json()) == warning) return order["id"];
  }
  throw std::runtime_error("no order of " + warning + " for " + role);
}

// The gateway's /metrics, asked on its loopback listener as a monitoring
// agent on the host would.
std::string Metrics(const ProtectedServer& server) {
  httplib::Client client("127.0.0.1", server.upstream_port());
  auto res = client.Get("/metrics");
  return res && res->status == 200 ? res->body : "";
}

// The value of a metric line starting with `name` (0 if absent).
double MetricValue(const std::string& metrics, const std::string& name) {
  const size_t at = metrics.find("\n" + name + " ");
  if (at == std::string::npos) return 0;
  return std::stod(metrics.substr(at + name.size() + 2));
}

std::map<std::string, std::string> OrgAreas(const ProtectedServer& server) {
  std::map<std::string, std::string> areas;
  for (const json& org :
       JsonOf(Get(server, "/api/v1/orgs?limit=1000", server.token("office")))) {
    areas[org["id"]] = org["area"];
  }
  return areas;
}

// 19.1: a county read other counties' orders of a prefecture-wide warning.
ScenarioResult CountyScope(const ProtectedServer& server) {
  ScenarioResult result;
  NormalProbe normal(TargetOf(server));
  const std::string id = IssueYellow(server, {"652300"});
  const std::string base = "/api/v1/warnings/" + id;
  const std::string& county = server.token("county");
  const auto areas = OrgAreas(server);
  int foreign = 0, own = 0;
  for (const json& order :
       JsonOf(Get(server, base + "/orders?limit=1000", county))) {
    (areas.at(order["org"]) == "652301" ? own : foreign)++;
  }
  const Answer csv = Get(server, base + "/orders.csv", county);
  const bool csv_foreign = csv.body.find(",652302,") != std::string::npos;
  const json summary = JsonOf(Get(server, base + "/summary", county));
  std::set<std::string> summary_areas;
  for (const auto& [code, tally] : summary["orders"]["by_area"].items()) {
    summary_areas.insert(code);
  }
  const json office_orders =
      JsonOf(Get(server, base + "/orders?area=652302", server.token("office")));
  const Answer other =
      office_orders.empty()
          ? Answer{}
          : Get(server,
                "/api/v1/orders/" + office_orders[0]["id"].get<std::string>() +
                    "/reports",
                county);
  Line(result, "before: 107 orders of other counties' enterprises; now: " +
                   std::to_string(foreign) + " of other counties, " +
                   std::to_string(own) + " of its own");
  Line(result, "orders.csv of another county's orgs: " +
                   std::string(csv_foreign ? "yes" : "none") +
                   "; summary areas: " + summary["orders"]["by_area"].dump() +
                   "; another county's order's reports -> " +
                   std::to_string(other.status));
  result.Check(own > 0 && foreign == 0, "only its own area's orders");
  result.Check(csv.status == 200 && !csv_foreign, "orders.csv of its area");
  result.Check(summary_areas == std::set<std::string>{"652301"},
               "the summary over its area");
  result.Check(other.status == 404, "another county's order is not found");
  // Twelve exports at once by one account: a few run, the rest wait (429).
  std::vector<std::thread> exports;
  std::vector<int> statuses(12);
  for (size_t i = 0; i < statuses.size(); ++i) {
    exports.emplace_back([&, i] {
      statuses[i] =
          Get(server, base + "/orders.csv", server.token("office")).status;
    });
  }
  for (auto& thread : exports) thread.join();
  std::map<int, int> counted;
  for (int status : statuses) ++counted[status];
  for (const auto& [status, count] : counted) {
    Line(result, "12 exports at once: " + std::to_string(count) + " × " +
                     std::to_string(status));
    result.Check(status == 200 || status == 429, "200 or 429 for an export");
  }
  CheckServed(normal.Finish("a county's reads"), result);
  return result;
}

// 19.2: recipients read proposed and rejected warnings with their reasons.
ScenarioResult RecipientWarnings(const ProtectedServer& server) {
  ScenarioResult result;
  const json orange = {{"level", "orange"},
                       {"areas", {"652301"}},
                       {"starts_at", kStarts},
                       {"reason", "内部研判：拟升级橙色"}};
  const std::string proposed = JsonOf(PostJson(
      server, "/api/v1/warnings", server.token("office"), orange))["id"];
  const std::string rejected = JsonOf(PostJson(
      server, "/api/v1/warnings", server.token("office"), orange))["id"];
  PostJson(server, "/api/v1/warnings/" + rejected + "/reject",
           server.token("command"), {{"reason", "会商意见：暂不升级"}});
  for (const char* role : {"enterprise", "school"}) {
    const json list =
        JsonOf(Get(server, "/api/v1/warnings?limit=1000", server.token(role)));
    int internal = 0, undecided = 0;
    for (const json& warning : list) {
      internal +=
          warning.contains("proposed_by") || warning.contains("order_counts");
      undecided +=
          warning["status"] == "proposed" || warning["status"] == "rejected";
    }
    const int direct =
        Get(server, "/api/v1/warnings/" + proposed, server.token(role)).status;
    Line(result, std::string(role) +
                     ": before: a proposed and a rejected warning with their "
                     "reasons and proposed_by; now: " +
                     std::to_string(list.size()) + " listed, " +
                     std::to_string(undecided) + " undecided, " +
                     std::to_string(internal) +
                     " with internal fields; the proposed one -> " +
                     std::to_string(direct));
    result.Check(undecided == 0 && internal == 0,
                 "only warnings in force, without internal fields");
    result.Check(direct == 404, "a proposed warning is not found");
  }
  return result;
}

// 19.3: made-up 4,000-byte methods became permanent metric labels.
ScenarioResult OddMethods(const ProtectedServer& server) {
  ScenarioResult result;
  const std::string before = Metrics(server);
  NormalProbe normal(TargetOf(server));
  std::map<int, int> statuses;
  for (int i = 0; i < 400; ++i) {
    // Half of them a token nginx cannot even parse (digits): a 400.
    std::string method(4000, 'A' + i % 26);
    if (i % 2 == 1) method += std::to_string(i);
    ++statuses[Send(TargetOf(server), method, "/healthz", "", "", "").status];
  }
  // Past the front door (on the host), an odd method is one label.
  for (int i = 0; i < 50; ++i) {
    httplib::Client direct("127.0.0.1", server.upstream_port());
    httplib::Request req;
    req.method = "MADEUP" + std::to_string(i);
    req.path = "/healthz";
    direct.send(req);
  }
  CheckServed(normal.Finish("400 requests with 4,000-byte methods"), result);
  const std::string after = Metrics(server);
  const int through_door = Get(server, "/metrics", "").status;
  httplib::Client forwarded("127.0.0.1", server.upstream_port());
  auto spoofed = forwarded.Get("/metrics", {{"X-Real-IP", "203.0.113.9"}});
  for (const auto& [status, count] : statuses) {
    Line(result, std::to_string(count) + " × " + std::to_string(status));
    result.Check(status == 405 || status == 400,
                 "an unknown method is refused by the front door");
  }
  Line(result, "before: /metrics grew from 46 KB to 1.68 MB; now: " +
                   std::to_string(before.size()) + " -> " +
                   std::to_string(after.size()) +
                   " bytes; through the front door -> " +
                   std::to_string(through_door));
  result.Check(after.find("MADEUP") == std::string::npos &&
                   after.find("AAAAAAAA") == std::string::npos,
               "no client text in the labels");
  // What the probe and the 405s add are a few series of known labels.
  const auto series = [](const std::string& text) {
    size_t count = 0;
    for (size_t at = text.find("hazegate_http_requests_total{");
         at != std::string::npos;
         at = text.find("hazegate_http_requests_total{", at + 1)) {
      ++count;
    }
    return count;
  };
  Line(result, "request series: " + std::to_string(series(before)) + " -> " +
                   std::to_string(series(after)));
  result.Check(series(after) <= series(before) + 8,
               "at most a few new series (known labels)");
  result.Check(through_door == 404, "/metrics is not public");
  result.Check(spoofed && spoofed->status == 404,
               "a forwarded request for /metrics is refused");
  return result;
}

// The template's figures for the org's report on `order`, each set to 1.
json TemplateFigures(const ProtectedServer& server, const std::string& role,
                     const std::string& warning) {
  json figures = json::object();
  for (const json& due :
       JsonOf(Get(server, "/api/v1/warnings/" + warning + "/reporting",
                  server.token(role)))) {
    for (const json& figure : due.value("figures", json::array())) {
      figures[figure["name"].get<std::string>()] = 1;
    }
    if (!figures.empty()) break;
  }
  return figures;
}

// 19.4: 15 MiB reports, figures of 1e300, no client id, no count cap.
ScenarioResult ImplementationReports(const ProtectedServer& server) {
  ScenarioResult result;
  NormalProbe normal(TargetOf(server));
  const std::string warning = IssueYellow(server, {"652301"});
  const std::string order = OrderOf(server, "enterprise", warning);
  const std::string path = "/api/v1/orders/" + order + "/reports";
  const std::string& token = server.token("enterprise");
  const json figures = TemplateFigures(server, "enterprise", warning);
  const Answer huge =
      PostJson(server, path, token, {{"text", std::string(15 << 20, 'x')}});
  const Answer long_text =
      PostJson(server, path, token, {{"text", std::string(4001, 'x')}});
  json absurd = figures.empty() ? json{{"x", 1}} : figures;
  absurd.begin().value() = 1e300;
  const Answer infinite =
      PostJson(server, path, token, {{"text", "已落实"}, {"figures", absurd}});
  const json report = {
      {"id", "4d1f6c1e-retry"}, {"text", "已按要求停产"}, {"figures", figures}};
  const Answer first = PostJson(server, path, token, report);
  const Answer retry = PostJson(server, path, token, report);
  json changed = report;
  changed["text"] = "别的内容";
  const Answer conflict = PostJson(server, path, token, changed);
  std::map<int, int> more;
  for (int i = 0; i < 25; ++i) {
    ++more[PostJson(
               server, path, token,
               {{"text", "续报" + std::to_string(i)}, {"figures", figures}})
               .status];
  }
  const Answer csv = Get(server, "/api/v1/warnings/" + warning + "/reports.csv",
                         server.token("office"));
  CheckServed(normal.Finish("implementation reports"), result);
  Line(result,
       "before: 4 × 15 MiB accepted, 1e300 summed to 2e300, a retry "
       "filed twice; now: 15 MiB -> " +
           std::to_string(huge.status) + ", 4,001 characters -> " +
           std::to_string(long_text.status) + ", 1e300 -> " +
           std::to_string(infinite.status) + ", first " +
           std::to_string(first.status) + ", retry " +
           std::to_string(retry.status) + ", same id other text " +
           std::to_string(conflict.status) + ", 25 more: " +
           std::to_string(more[201]) + " × 201, " + std::to_string(more[409]) +
           " × 409; reports.csv " + std::to_string(csv.body.size()) + " bytes");
  result.Check(huge.status == 413, "a 15 MiB report refused before reading");
  result.Check(long_text.status == 400 &&
                   long_text.body.find("\"text\"") != std::string::npos,
               "4,001 characters refused naming text");
  result.Check(infinite.status == 400 &&
                   infinite.body.find("figures.") != std::string::npos,
               "1e300 refused naming the figure");
  result.Check(first.status == 201 && retry.status == 200 &&
                   JsonOf(retry)["id"] == JsonOf(first)["id"],
               "a retry with the same id is the first report");
  result.Check(conflict.status == 409, "other content under the id: 409");
  result.Check(more[201] == 19 && more[409] == 6, "at most 20 per order");
  result.Check(csv.status == 200 && csv.body.size() < (1 << 20),
               "reports.csv bounded");
  return result;
}

// 19.5: a school token created 2,000 broker accounts in 1.8 s.
ScenarioResult DeviceFlood(const ProtectedServer& server) {
  ScenarioResult result;
  NormalProbe normal(TargetOf(server));
  std::map<int, int> statuses;
  bool retry_after = true;
  for (int i = 0; i < 300; ++i) {
    const Answer answer =
        PostJson(server, "/api/v1/devices", server.token("school"),
                 {{"name", "手机" + std::to_string(i)}});
    ++statuses[answer.status];
    if (answer.status == 429) {
      retry_after = retry_after &&
                    answer.headers.find("Retry-After:") != std::string::npos;
    }
  }
  const json listed =
      JsonOf(Get(server, "/api/v1/devices?limit=1000", server.token("school")));
  CheckServed(normal.Finish("POST /devices in a loop"), result);
  Line(result,
       "before: 2,000 broker accounts in 1.8 s, nothing refused; now "
       "of 300: " +
           std::to_string(statuses[201]) + " × 201, " +
           std::to_string(statuses[429]) + " × 429; the org holds " +
           std::to_string(listed.size()));
  result.Check(statuses[201] == 10 && statuses[429] == 290,
               "10 a minute per account, the rest 429");
  result.Check(retry_after, "a 429 says when to try again");
  return result;
}

// 19.11: a new device was refused for about 1.2 s after its 201.
ScenarioResult DeviceLive(const ProtectedServer& server) {
  ScenarioResult result;
  int accepted = 0;
  for (int i = 0; i < 5; ++i) {
    const json device =
        JsonOf(PostJson(server, "/api/v1/devices", server.token("unit"),
                        {{"name", "值班手机"}}))["mqtt"];
    const int code = MqttLoginCode(server.mqtt_port(), device["username"],
                                   device["username"], device["password"]);
    accepted += code == 0;
  }
  Line(result, "before: CONNACK 5 at once, accepted 1.2 s later; now: " +
                   std::to_string(accepted) +
                   " of 5 accepted on the first CONNECT after the 201");
  result.Check(accepted == 5, "a device logs in as soon as it has its 201");
  return result;
}

// Issue 21: MQTT over WebSocket on the front door's /mqtt. A device's 201
// names the address; its credentials work there as over MQTT/TLS and its
// org's order arrives; a wrong password does not connect, and the broker's
// WebSocket listener (Mosquitto binds it on every interface) takes no
// client without TLS.
ScenarioResult DeviceWebSocket(const ProtectedServer& server) {
  ScenarioResult result;
  const json mqtt =
      JsonOf(PostJson(server, "/api/v1/devices", server.token("enterprise"),
                      {{"name", "网页端"}}))["mqtt"];
  const std::string ws_uri = mqtt.value("ws_uri", "");
  result.Check(
      ws_uri == "wss://127.0.0.1:" + std::to_string(server.port()) + "/mqtt",
      "the 201 names the front door's /mqtt");
  std::mutex mutex;
  std::vector<json> received;
  auto link = MakePahoBrokerClient({ws_uri, mqtt["client_id"], mqtt["username"],
                                    mqtt["password"], server.ca_file()});
  BrokerClient::Handlers handlers;
  handlers.message = [&](const std::string&, const std::string& text) {
    std::lock_guard lock(mutex);
    received.push_back(json::parse(text, nullptr, false));
  };
  link->Start(handlers);
  const bool connected = Eventually([&] { return link->Connected(); }, 10s);
  const bool subscribed =
      connected && link->Subscribe("hazegate/orgs/ent-001/orders");
  const std::string warning = IssueYellow(server, {"652301"});
  const bool arrived =
      subscribed &&
      Eventually(
          [&] {
            std::lock_guard lock(mutex);
            return std::any_of(
                received.begin(), received.end(), [&](const json& m) {
                  return m.is_object() && m.value("type", "") == "order" &&
                         m.value("warning_id", "") == warning;
                });
          },
          30s);
  link->Stop();
  // Refusals: the broker answers a bad CONNECT at once, so a client that is
  // not connected once a good one would have been is refused.
  auto wrong =
      MakePahoBrokerClient({ws_uri, mqtt["client_id"], mqtt["username"],
                            "wrong-password", server.ca_file()});
  wrong->Start({});
  auto plain = MakePahoBrokerClient(
      {"ws://127.0.0.1:" + std::to_string(server.mqtt_wss_port()) + "/mqtt",
       mqtt["client_id"], mqtt["username"], mqtt["password"], ""});
  plain->Start({});
  auto good = MakePahoBrokerClient({ws_uri, mqtt["client_id"], mqtt["username"],
                                    mqtt["password"], server.ca_file()});
  good->Start({});
  const bool good_again = Eventually([&] { return good->Connected(); }, 10s);
  const bool wrong_in = wrong->Connected();
  const bool plain_in = plain->Connected();
  for (auto* client : {good.get(), wrong.get(), plain.get()}) client->Stop();
  Line(result, std::string("over wss through the front door: ") +
                   (connected ? "connected" : "not connected") + ", order " +
                   (arrived ? "received" : "not received"));
  result.Check(connected && subscribed, "the device connects and subscribes");
  result.Check(arrived, "its org's order arrives over the WebSocket");
  result.Check(good_again && !wrong_in, "a wrong password is refused");
  result.Check(!plain_in, "no client without TLS on the broker's listener");
  return result;
}

// A network namespace of the test's own, joined to this host by a veth pair:
// the view of a machine on the network (10.213.0.2 there, this host
// 10.213.0.1). Removed when it goes out of scope.
class OutsideHost {
 public:
  OutsideHost() {
    const std::string ns = name_;
    ok_ = Run("ip netns add " + ns) &&
          Run("ip link add " + ns + "h type veth peer name " + ns + "o") &&
          Run("ip link set " + ns + "o netns " + ns) &&
          Run("ip addr add 10.213.0.1/30 dev " + ns + "h") &&
          Run("ip link set " + ns + "h up") &&
          Run(In("ip addr add 10.213.0.2/30 dev " + ns + "o")) &&
          Run(In("ip link set " + ns + "o up")) && Run(In("ip link set lo up"));
  }
  ~OutsideHost() {
    Run("ip netns del " + name_ + " 2>/dev/null");
    Run("ip link del " + name_ + "h 2>/dev/null");
  }
  bool ok() const { return ok_; }
  // `command` run inside the namespace.
  std::string In(const std::string& command) const {
    return "ip netns exec " + name_ + " " + command;
  }
  static constexpr const char* kHostAddress = "10.213.0.1";

 private:
  static bool Run(const std::string& command) {
    return std::system(command.c_str()) == 0;
  }
  const std::string name_ = "hg" + std::to_string(getpid() % 100000);
  bool ok_ = false;
};

// Issue 21: Mosquitto 2.0 binds its WebSocket listener on every interface
// whatever address it is given, so seen from the network it must hold what
// the TLS listener holds. From a namespace of its own, a WebSocket upgrade
// over TLS (the server's certificate, verified) is answered; the same
// upgrade without TLS gets no answer. (curl waits on the upgraded
// connection until --max-time: the status is what counts.)
ScenarioResult WebSocketFromOutside(const ProtectedServer& server) {
  ScenarioResult result;
  const OutsideHost outside;
  result.Check(outside.ok(), "a network namespace for the outside view");
  if (!outside.ok()) return result;
  const std::string port = std::to_string(server.mqtt_wss_port());
  const std::string upgrade =
      " --http1.1 -s -o /dev/null -w '%{http_code}' --max-time 3"
      " -H 'Upgrade: websocket' -H 'Connection: Upgrade'"
      " -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='"
      " -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Protocol: mqtt' ";
  const std::string tls = CommandOutput(outside.In(
      "curl --cacert " + server.ca_file() + " --resolve localhost:" + port +
      ":" + OutsideHost::kHostAddress + upgrade + "https://localhost:" + port +
      "/mqtt 2>/dev/null || true"));
  const std::string plain = CommandOutput(
      outside.In("curl" + upgrade + "http://" + OutsideHost::kHostAddress +
                 ":" + port + "/mqtt 2>/dev/null || true"));
  Line(result, "from another host: wss " + tls + ", plain ws " + plain);
  result.Check(tls == "101", "reachable from the network: over TLS only");
  result.Check(plain != "101", "no WebSocket without TLS");
  return result;
}

// A device of the enterprise connected to the broker's loopback listener.
struct Device {
  std::string username, password;
};
Device NewDevice(const ProtectedServer& server, const std::string& role) {
  const json mqtt =
      JsonOf(PostJson(server, "/api/v1/devices", server.token(role),
                      {{"name", "测试终端"}}))["mqtt"];
  return {mqtt["username"], mqtt["password"]};
}
std::string BrokerUri(const ProtectedServer& server) {
  return "tcp://127.0.0.1:" + std::to_string(server.mqtt_port());
}

// 19.6 and 19.7: one ack 1,000 times was confirmed 1,000 times to every
// device of the org; 34 MB on a receipts topic was parsed whole.
ScenarioResult DeviceMessages(const ProtectedServer& server) {
  ScenarioResult result;
  const std::string warning = IssueYellow(server, {"652301"});
  const std::string order = OrderOf(server, "enterprise", warning);
  const Device acker = NewDevice(server, "enterprise");
  const Device listener = NewDevice(server, "enterprise");
  const std::string topic = "hazegate/orgs/ent-001/";
  TestClient inbox(BrokerUri(server), listener.username, false,
                   listener.username, listener.password);
  inbox.Connect();
  inbox.Subscribe(topic + "orders");
  TestClient phone(BrokerUri(server), acker.username, true, acker.username,
                   acker.password);
  phone.Connect();
  const std::string before = Metrics(server);
  const std::string ack = json{{"order_id", order}}.dump();
  for (int i = 0; i < 1000; ++i) phone.Publish(topic + "acks", ack);
  const char* repeat = "hazegate_mqtt_intake_dropped_total{reason=\"repeat\"}";
  const bool handled = Eventually(
      [&] {
        return MetricValue(Metrics(server), repeat) -
                   MetricValue(before, repeat) >=
               999;
      },
      30s);
  // A new warning's order to the org comes after every confirmation in the
  // outbox: once it is here, so is every confirmation sent.
  const std::string next = IssueYellow(server, {"652301"}, warning);
  int confirmations = 0;
  bool arrived = false;  // the new warning's order
  while (!arrived) {
    const auto message = inbox.Next(30s);
    if (!message) break;
    const json& payload = message->payload;
    confirmations += payload.value("type", "") == "ack_recorded" &&
                     payload.value("order_id", "") == order;
    arrived = payload.value("type", "") == "order" &&
              payload.value("warning_id", "") == next;
  }
  Line(result, "before: 1,000 ack_recorded to every device of the org; now: " +
                   std::to_string(confirmations));
  result.Check(handled, "the intake took all 1,000");
  result.Check(arrived && confirmations == 1,
               "one confirmation for 1,000 repeats");
  // 34 MB on the receipts topic from a third device: the broker drops the
  // sender (its packet limit), the server never parses it, the org's other
  // device goes on. (Each device its own: the broker takes a client's id
  // from its username, so a second login would take over the first.)
  const Device sender = NewDevice(server, "enterprise");
  const double oversized_before =
      MetricValue(Metrics(server),
                  "hazegate_mqtt_intake_dropped_total{reason=\"oversized\"}");
  const bool dropped = BrokerCutsOversizePublish(
      server.mqtt_port(), sender.username, sender.password, topic + "receipts",
      size_t{34} << 20);
  const double accepted_before = MetricValue(
      Metrics(server), "hazegate_mqtt_receipts_total{result=\"accepted\"}");
  inbox.Publish(topic + "receipts", json{{"order_ids", {order}}}.dump());
  const bool still_served = Eventually(
      [&] {
        return MetricValue(
                   Metrics(server),
                   "hazegate_mqtt_receipts_total{result=\"accepted\"}") >
               accepted_before;
      },
      10s);
  const double oversized_after =
      MetricValue(Metrics(server),
                  "hazegate_mqtt_intake_dropped_total{reason=\"oversized\"}");
  Line(
      result,
      "before: 34 MB PUBACKed and parsed in full; now: the sender " +
          std::string(dropped ? "disconnected by the broker (oversize packet)"
                              : "not disconnected") +
          ", the server saw " +
          std::to_string(static_cast<int>(oversized_after - oversized_before)) +
          " oversized; a normal receipt after it " +
          (still_served ? "recorded" : "not recorded"));
  result.Check(dropped && oversized_after == oversized_before,
               "the broker drops a 34 MB publish's sender, unforwarded");
  result.Check(still_served, "a normal receipt is still recorded");
  return result;
}

// 19.8: five wrong passwords from one address locked the user out
// everywhere; a login without Content-Type was taken as JSON.
ScenarioResult LoginLockout(const ProtectedServer& server) {
  ScenarioResult result;
  const json wrong = {{"username", "user-school"},
                      {"password", "wrong-guess-1"}};
  std::map<int, int> guesses;
  for (int i = 0; i < 6; ++i) {
    ++guesses[PostJson(server, "/api/v1/auth/login", "", wrong, "127.0.0.3")
                  .status];
  }
  const json right = {{"username", "user-school"},
                      {"password", ProtectedServer::password("school")}};
  const Answer owner =
      PostJson(server, "/api/v1/auth/login", "", right, "127.0.0.1");
  const Answer attacker =
      PostJson(server, "/api/v1/auth/login", "", right, "127.0.0.3");
  const Answer plain = Send(TargetOf(server), "POST", "/api/v1/auth/login", "",
                            "text/plain", right.dump(), "127.0.0.4");
  Line(result, "6 guesses from 127.0.0.3: " + std::to_string(guesses[401]) +
                   " × 401, " + std::to_string(guesses[429]) + " × 429");
  Line(result, "before: the owner got 429 for 15 minutes; now: the owner -> " +
                   std::to_string(owner.status) + ", the guessing address -> " +
                   std::to_string(attacker.status) + "; text/plain -> " +
                   std::to_string(plain.status));
  result.Check(guesses[401] == 5 && guesses[429] == 1,
               "five guesses checked, then 429");
  result.Check(owner.status == 200, "the owner logs in from elsewhere");
  result.Check(attacker.status == 429 &&
                   attacker.headers.find("Retry-After:") != std::string::npos,
               "the guessing address waits, told how long");
  result.Check(plain.status == 415, "a login must be JSON");
  return result;
}

// 19.9: 退出 left the token working; no way to disable an account.
ScenarioResult LogoutAndDisable(const ProtectedServer& server) {
  ScenarioResult result;
  const json login = {{"username", "user-office"},
                      {"password", ProtectedServer::password("office")}};
  const std::string token = JsonOf(
      PostJson(server, "/api/v1/auth/login", "", login, "127.0.0.1"))["token"];
  const int out =
      PostJson(server, "/api/v1/auth/logout", token, json::object()).status;
  const int after = Get(server, "/api/v1/me", token).status;
  // An account that leaves: its token, its password and its phone stop.
  const std::string bin = HAZEGATE_BINARY;
  const std::string leaver =
      CommandOutput("printf 'leaver-pass-1\\n' | " + bin +
                    " account create --config " + server.config() +
                    " --username user-leaver --role enterprise --org ent-001 "
                    "--password-stdin");
  const json device = JsonOf(PostJson(server, "/api/v1/devices", leaver,
                                      {{"name", "离职员工的手机"}}))["mqtt"];
  const int live = MqttLoginCode(server.mqtt_port(), device["username"],
                                 device["username"], device["password"]);
  CommandOutput(bin + " account disable --config " + server.config() +
                " --username user-leaver 2>&1");
  const int leaver_me = Get(server, "/api/v1/me", leaver).status;
  const int leaver_login =
      PostJson(server, "/api/v1/auth/login", "",
               {{"username", "user-leaver"}, {"password", "leaver-pass-1"}},
               "127.0.0.5")
          .status;
  const bool refused = Eventually(
      [&] {
        return MqttLoginCode(server.mqtt_port(), device["username"],
                             device["username"], device["password"]) == 5;
      },
      5s);
  Line(result,
       "before: the old token still worked after 退出; now: logout -> " +
           std::to_string(out) + ", the token -> " + std::to_string(after));
  Line(result,
       "disabled account: token -> " + std::to_string(leaver_me) +
           ", login -> " + std::to_string(leaver_login) +
           ", its device (CONNACK " + std::to_string(live) +
           " before) refused by the broker: " + (refused ? "yes" : "no"));
  result.Check(out == 204 && after == 401, "logout ends the token");
  result.Check(live == 0 && leaver_me == 401 && leaver_login == 401 && refused,
               "a disabled account has no token, no login, no device");
  return result;
}

// 19.10: the dev CA phone users install was an unconstrained 10-year root
// whose key stayed beside the server's.
ScenarioResult DevCa(const ProtectedServer& server) {
  ScenarioResult result;
  const std::string tls = server.folder() + "/tls";
  const std::string text =
      CommandOutput("openssl x509 -in " + tls + "/ca.crt -noout -text");
  const bool constrained =
      text.find("X509v3 Name Constraints: critical") != std::string::npos;
  const bool pathlen = text.find("pathlen:0") != std::string::npos;
  const bool short_lived =
      std::system(("openssl x509 -in " + tls + "/ca.crt -noout -checkend " +
                   std::to_string(181 * 86400) + " >/dev/null")
                      .c_str()) != 0;
  std::vector<std::string> keys;
  for (const auto& entry : std::filesystem::directory_iterator(tls)) {
    const std::string name = entry.path().filename();
    if (name.size() > 4 && name.substr(name.size() - 4) == ".key") {
      keys.push_back(name);
    }
  }
  Line(result,
       "before: CA:TRUE, 10 years, no name constraints, ca.key in "
       "var/tls/; now: name constraints " +
           std::string(constrained ? "yes" : "no") + ", pathlen 0 " +
           (pathlen ? "yes" : "no") + ", at most 181 days " +
           (short_lived ? "yes" : "no") +
           ", keys in tls/: " + std::to_string(keys.size()));
  result.Check(constrained && pathlen && short_lived,
               "a constrained, short-lived CA");
  result.Check(keys == std::vector<std::string>{"server.key"},
               "no CA key beside the server's");
  return result;
}

}  // namespace

std::vector<std::pair<const char*, ScenarioRun>> AccountScenarios() {
  return {
      {"county_scope", CountyScope},
      {"recipient_warnings", RecipientWarnings},
      {"odd_methods", OddMethods},
      {"implementation_reports", ImplementationReports},
      {"device_flood", DeviceFlood},
      {"device_live", DeviceLive},
      {"device_websocket", DeviceWebSocket},
      {"websocket_from_outside", WebSocketFromOutside},
      {"device_messages", DeviceMessages},
      {"login_lockout", LoginLockout},
      {"logout_and_disable", LogoutAndDisable},
      {"dev_ca", DevCa},
  };
}

}  // namespace hazegate::testing
