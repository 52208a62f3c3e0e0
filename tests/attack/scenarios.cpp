#include "scenarios.h"

#include <sys/stat.h>

#include <cstdio>
#include <map>
#include <thread>

#include "account_scenarios.h"
#include "attacks.h"
#include "hazegate/gateway/route_policy.h"
#include "photos.h"
#include "raw_tls.h"
#include "route_paths.h"

namespace hazegate::testing {

namespace {

using namespace std::chrono_literals;

ScenarioResult SlowHeaders(const ProtectedServer& server) {
  ScenarioResult result;
  const auto report = testing::SlowHeaders(TargetOf(server), 200, 2s, 14s);
  CheckServed(report, result);
  result.Check(report.outcomes.count("still open") == 0,
               "the header deadline closed every slow header");
  return result;
}

ScenarioResult SlowBodies(const ProtectedServer& server) {
  ScenarioResult result;
  // One byte every 2 s: nginx holds them, the gateway never sees them.
  auto report = testing::SlowBodies(TargetOf(server), "/api/v1/warnings",
                                    server.token("office"), 200, 2s, 8s);
  CheckServed(report, result);
  // A body that pauses longer than 10 s is cut off.
  report = testing::SlowBodies(TargetOf(server), "/api/v1/warnings",
                               server.token("office"), 20, 12s, 13s);
  CheckServed(report, result);
  result.Check(report.outcomes.count("still open") == 0,
               "a body pausing over 10 s is closed");
  return result;
}

// Every attacker was refused with a 4xx (before it sent its whole body,
// if `early`).
void CheckRefused(const AttackReport& report, ScenarioResult& result,
                  bool early = true) {
  CheckServed(report, result);
  for (const auto& [outcome, count] : report.outcomes) {
    result.Check(outcome.rfind("4", 0) == 0, "a 4xx answer, not " + outcome);
    result.Check(!early || outcome.find("whole body") == std::string::npos,
                 "refused before the whole body was sent");
  }
}

ScenarioResult BodiesWithoutToken(const ProtectedServer& server) {
  ScenarioResult result;
  for (const char* path :
       {"/api/v1/auth/login", "/api/v1/inspections", "/api/v1/warnings"}) {
    for (bool chunked : {true, false}) {
      CheckRefused(testing::HugeBodies(TargetOf(server), path, "", 8,
                                       size_t{1} << 30, chunked),
                   result);
    }
  }
  return result;
}

ScenarioResult BodiesWithToken(const ProtectedServer& server) {
  ScenarioResult result;
  for (bool chunked : {true, false}) {
    CheckRefused(testing::HugeBodies(TargetOf(server), "/api/v1/inspections",
                                     server.token("inspector"), 8,
                                     size_t{1} << 30, chunked),
                 result);
    CheckRefused(testing::HugeBodies(TargetOf(server), "/api/v1/warnings",
                                     server.token("office"), 8, size_t{1} << 30,
                                     chunked),
                 result);
  }
  // Under the upload limit, the hostile multipart reaches the gateway.
  CheckRefused(
      testing::HugeBodies(TargetOf(server), "/api/v1/inspections",
                          server.token("inspector"), 8, 80 << 20, false),
      result, false);
  return result;
}

// `levels` of nested arrays.
std::string Nested(size_t levels) {
  return std::string(levels, '[') + std::string(levels, ']');
}

// Every JSON POST route with 1,000,000 levels of nesting, and as deep as
// their own size limits allow login (4 KiB), implementation reports (64 KiB)
// and the report part of an upload (256 KiB): a 400, and the server lives
// on.
ScenarioResult DeepJson(const ProtectedServer& server) {
  ScenarioResult result;
  const Target target = TargetOf(server);
  NormalProbe normal(target);
  for (const RoutePolicy& policy : RoutePolicies()) {
    // Logout and setup codes read no body: they end or extend the token
    // they are called with.
    if (policy.method != "POST" || policy.name == "POST /api/v1/inspections" ||
        policy.name == "POST /api/v1/enterprises/import" ||
        policy.name == "POST /api/v1/auth/logout" ||
        policy.name == "POST /api/v1/auth/setup-codes") {
      continue;
    }
    const std::string path = ConcretePath(policy);
    const std::string token =
        policy.authenticated
            ? server.token(std::string(RoleName(policy.roles.front())))
            : "";
    // As deep as the route's own body limit allows (login: 4 KiB).
    const bool login = policy.name == "POST /api/v1/auth/login";
    const size_t levels = login ? 1900
                          : policy.max_body_bytes
                              ? policy.max_body_bytes / 2 - 64
                              : 1000000;
    const Answer answer =
        Send(target, "POST", path, token, "application/json", Nested(levels));
    result.text +=
        "  " + policy.name + " -> " + std::to_string(answer.status) + "\n";
    result.Check(answer.status == 400 || answer.status == 404,
                 policy.name + " answers 400 (or 404 for no such object)");
  }
  const std::string report =
      R"({"id":"deep-1","site":"ent-001","x":)" + Nested(120000) + "}";
  const Answer upload =
      Send(target, "POST", "/api/v1/inspections", server.token("inspector"),
           "multipart/form-data; boundary=hazegate-bound",
           MultipartReport(report, {}));
  result.text += "  POST /api/v1/inspections (report part) -> " +
                 std::to_string(upload.status) + "\n";
  result.Check(upload.status == 400, "a deep report part answers 400");
  CheckServed(normal.Finish("deep JSON on every JSON route"), result);
  return result;
}

// A report for ent-001 at its gate, for uploads.
std::string GateReport(const std::string& id) {
  return R"({"id":")" + id +
         R"(","site":"ent-001","captured_at":"2026-12-01T10:00:00+08:00",)"
         R"("location":{"lat":43.95533,"lon":87.31489,"accuracy_m":8},)"
         R"("checklist":[{"item":"窑炉停产","result":"pass"}],)"
         R"("verdict":"compliant"})";
}

// Eight uploads at once of a 2080-scan progressive JPEG, then of one whose
// header claims 20000 x 20000: refused from the markers (415, 413).
ScenarioResult DecoderBombs(const ProtectedServer& server) {
  ScenarioResult result;
  const Target target = TargetOf(server);
  const std::string bomb = MakeProgressive(2048, 2048, true);
  const std::string huge = JpegClaiming(20000, 20000);
  NormalProbe normal(target);
  for (const auto& [photo, expected] :
       {std::pair{&bomb, 415}, std::pair{&huge, 413}}) {
    std::vector<std::thread> uploads;
    std::vector<int> statuses(8);
    for (size_t i = 0; i < statuses.size(); ++i) {
      uploads.emplace_back([&, i, photo = photo] {
        statuses[i] =
            Send(target, "POST", "/api/v1/inspections",
                 server.token("inspector"),
                 "multipart/form-data; boundary=hazegate-bound",
                 MultipartReport(GateReport("bomb-" + std::to_string(i)),
                                 {*photo}))
                .status;
      });
    }
    for (auto& upload : uploads) upload.join();
    for (int status : statuses) {
      result.text += "  " + std::to_string(photo->size() / 1024) +
                     " KiB photo -> " + std::to_string(status) + "\n";
      result.Check(status == expected, "answered " + std::to_string(expected));
    }
  }
  CheckServed(normal.Finish("decoder bombs, 8 uploads at once"), result);
  return result;
}

// 40 wrong passwords at once for one user: at most 5 are checked (401),
// the rest refused (429); then 19 logins with 8 MiB usernames (413).
ScenarioResult LoginStorm(const ProtectedServer& server) {
  ScenarioResult result;
  const auto storm = testing::LoginStorm(TargetOf(server), "user-school", 40);
  CheckServed(storm, result);
  const auto checked = storm.outcomes.find("401");
  result.Check(checked != storm.outcomes.end() && checked->second <= 5,
               "at most 5 passwords checked");
  result.Check(storm.outcomes.count("429") == 1, "the rest answered 429");
  const Target target = TargetOf(server);
  NormalProbe normal(target);
  std::map<int, int> statuses;
  for (int i = 0; i < 19; ++i) {
    const std::string body = R"({"username":")" +
                             std::string(8 << 20, 'a' + i) +
                             R"(","password":"wrong-guess"})";
    ++statuses[Send(target, "POST", "/api/v1/auth/login", "",
                    "application/json", body)
                   .status];
  }
  for (const auto& [status, count] : statuses) {
    result.text += "  8 MiB username: " + std::to_string(count) + " x " +
                   std::to_string(status) + "\n";
    result.Check(status == 413 || status == 401, "8 MiB usernames refused");
  }
  CheckServed(normal.Finish("19 logins with 8 MiB usernames"), result);
  return result;
}

// `curl -X POST .../inspections` (no body, no token) was a 500 with the
// exception's text in a header; the same with a token, and other shapes.
ScenarioResult ExceptionLeak(const ProtectedServer& server) {
  ScenarioResult result;
  const std::string inspector = server.token("inspector");
  const std::pair<std::string, int> requests[] = {
      {"POST /api/v1/inspections HTTP/1.1\r\nHost: x\r\n\r\n", 401},
      {"POST /api/v1/inspections HTTP/1.1\r\nHost: x\r\nAuthorization: "
       "Bearer " +
           inspector + "\r\n\r\n",
       415},
      {"POST /api/v1/inspections HTTP/1.1\r\nHost: x\r\nAuthorization: "
       "Bearer " +
           inspector +
           "\r\nContent-Type: text/plain\r\n"
           "Content-Length: 3\r\n\r\nx=1",
       415},
      {"DELETE /api/v1/warnings HTTP/1.1\r\nHost: x\r\nAuthorization: "
       "Bearer " +
           server.token("office") + "\r\n\r\n",
       405}};
  for (const auto& [request, expected] : requests) {
    const std::string response =
        Exchange(server.port(), request, std::chrono::seconds(10));
    const int status = StatusOf(response);
    result.text += "  " + request.substr(0, request.find(" HTTP")) + " -> " +
                   std::to_string(status) + "\n";
    result.Check(status == expected, "answered " + std::to_string(expected));
    result.Check(
        response.find("EXCEPTION_WHAT") == std::string::npos &&
            response.find("application/problem+json") != std::string::npos,
        "a problem+json without internal text");
  }
  return result;
}

// A county's inspector reporting on another county's site; a warning whose
// headline holds a control character (malformed CAP XML before).
ScenarioResult ObjectsAndText(const ProtectedServer& server) {
  ScenarioResult result;
  const Target target = TargetOf(server);
  const Answer outside = Send(
      target, "POST", "/api/v1/inspections", server.token("county_inspector"),
      "multipart/form-data; boundary=hazegate-bound",
      MultipartReport(GateReport("outside-1"), {MakeJpeg(64, 64, 1)}));
  result.text += "  county-652302 inspector on ent-001 (652301) -> " +
                 std::to_string(outside.status) + "\n";
  result.Check(outside.status == 403, "another county's site refused (403)");
  const Answer control = Send(
      target, "POST", "/api/v1/warnings", server.token("office"),
      "application/json",
      R"({"level":"yellow","areas":["652301"],"headline":"黄色\u0001预警",)"
      R"("starts_at":"2026-12-01T08:00:00+08:00","reason":"AQI>200"})");
  result.text +=
      "  headline with U+0001 -> " + std::to_string(control.status) + "\n";
  result.Check(control.status == 400 &&
                   control.body.find("\"headline\"") != std::string::npos,
               "400 naming headline");
  return result;
}

// The server's files: the database and photo folder owner-only.
ScenarioResult Files(const ProtectedServer& server) {
  ScenarioResult result;
  const std::string folder =
      server.config().substr(0, server.config().rfind('/'));
  for (const auto& [name, mode] :
       {std::pair{"/hazegate.db", 0600}, std::pair{"/blobs", 0700}}) {
    struct stat info {};
    const bool found = ::stat((folder + name).c_str(), &info) == 0;
    const int actual = found ? static_cast<int>(info.st_mode & 0777) : -1;
    char text[64];
    std::snprintf(text, sizeof text, "  %s mode %o\n", name, actual);
    result.text += text;
    result.Check(actual == mode, std::string(name) + " is owner-only");
  }
  return result;
}

const std::pair<const char*, ScenarioRun> kIssue10[] = {
    {"slow_headers", SlowHeaders},
    {"slow_bodies", SlowBodies},
    {"bodies_without_token", BodiesWithoutToken},
    {"bodies_with_token", BodiesWithToken},
    {"deep_json", DeepJson},
    {"decoder_bombs", DecoderBombs},
    {"login_storm", LoginStorm},
    {"exception_leak", ExceptionLeak},
    {"objects_and_text", ObjectsAndText},
    {"files", Files},
};

}  // namespace

Target TargetOf(const ProtectedServer& server) {
  return {server.port(), server.ca_file(), server.token("office")};
}

void CheckServed(const AttackReport& report, ScenarioResult& result) {
  result.text += report.Text() + "\n";
  result.Check(report.normal.requests > 0 && report.normal.failures == 0,
               "every normal request answered 200");
}

void ScenarioResult::Check(bool ok, const std::string& requirement) {
  if (ok) return;
  held = false;
  text += "  NOT HELD: " + requirement + "\n";
}

namespace {

std::vector<std::pair<const char*, ScenarioRun>> AllScenarios() {
  std::vector<std::pair<const char*, ScenarioRun>> all(std::begin(kIssue10),
                                                       std::end(kIssue10));
  for (const auto& scenario : AccountScenarios()) all.push_back(scenario);
  return all;
}

}  // namespace

std::vector<Scenario> Scenarios(const ProtectedServer& server) {
  std::vector<Scenario> scenarios;
  for (const auto& [name, run] : AllScenarios()) {
    scenarios.push_back({name, [&server, run = run] { return run(server); }});
  }
  return scenarios;
}

std::vector<std::string> ScenarioNames() {
  std::vector<std::string> names;
  for (const auto& [name, run] : AllScenarios()) names.push_back(name);
  return names;
}

}  // namespace hazegate::testing
