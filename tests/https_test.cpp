// The real gateway over real TLS, with a real SQLite file.
#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/ssl.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "hazegate/gateway/gateway.h"
#include "hazegate/gateway/route_policy.h"
#include "hazegate/identity/accounts.h"
#include "https_fixture.h"
#include "raw_tls.h"
#include "route_paths.h"
#include "support.h"

namespace hazegate {
namespace {

using nlohmann::json;

using testing::HttpsGateway;
using testing::OrgFor;

TEST_F(HttpsGateway, HealthzReportsDatabaseAndBroker) {
  auto res = Get("/healthz", "");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(Body(res),
            json({{"status", "ok"}, {"db", "ok"}, {"mqtt", "disconnected"}}));
}

TEST_F(HttpsGateway, LoginThenMe) {
  auto login =
      Post("/api/v1/auth/login", "",
           R"({"username":"user-office","password":"password-office"})",
           "application/json");
  ASSERT_TRUE(login);
  ASSERT_EQ(login->status, 200) << login->body;
  const json session = Body(login);
  EXPECT_EQ(session["role"], "office");
  EXPECT_EQ(session["org"], "office");
  EXPECT_TRUE(ParseRfc3339(session["expires_at"]));
  auto me = Get("/api/v1/me", session["token"]);
  ASSERT_TRUE(me);
  EXPECT_EQ(Body(me), json({{"username", "user-office"},
                            {"role", "office"},
                            {"org", "office"}}));
}

TEST_F(HttpsGateway, LoginFailuresAreProblems) {
  ExpectProblem(Post("/api/v1/auth/login", "",
                     R"({"username":"user-office","password":"nope-nope-1"})",
                     "application/json"),
                401);
  auto missing =
      Post("/api/v1/auth/login", "", R"({"username":"x"})", "application/json");
  ExpectProblem(missing, 400);
  EXPECT_EQ(Body(missing)["errors"][0]["field"], "password");
  ExpectProblem(Post("/api/v1/auth/login", "", "{not json", "application/json"),
                400);
}

// Issue 19.8: a login without Content-Type was taken as JSON, so a
// cross-site form could post guesses.
TEST_F(HttpsGateway, LoginMustSayItIsJson) {
  const std::string body =
      R"({"username":"user-office","password":"password-office"})";
  ExpectProblem(Post("/api/v1/auth/login", "", body, "text/plain"), 415);
  ExpectProblem(Post("/api/v1/auth/login", "", body, ""), 415);
}

// Issue 19.9: 退出 left the token working; there was no password change.
TEST_F(HttpsGateway, LogoutAndPasswordChangeEndTokens) {
  const auto login = [&](const std::string& password) {
    return Post(
        "/api/v1/auth/login", "",
        R"({"username":"user-school","password":")" + password + R"("})",
        "application/json");
  };
  auto first = login("password-school");
  auto second = login("password-school");
  ASSERT_TRUE(first && second);
  const std::string a = Body(first)["token"], b = Body(second)["token"];
  auto out = Post("/api/v1/auth/logout", a, "", "application/json");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 204);
  ExpectProblem(Get("/api/v1/me", a), 401);
  auto wrong =
      Post("/api/v1/auth/password", b,
           R"({"old_password":"nope-nope-1","new_password":"new-pass-12345"})",
           "application/json");
  ExpectProblem(wrong, 400);
  EXPECT_EQ(Body(wrong)["errors"][0]["field"], "old_password");
  auto changed = Post(
      "/api/v1/auth/password", b,
      R"({"old_password":"password-school","new_password":"new-pass-12345"})",
      "application/json");
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 204);
  ExpectProblem(Get("/api/v1/me", tokens_[Role::kSchool]), 401);
  EXPECT_EQ(Get("/api/v1/me", b)->status, 200);
  ExpectProblem(login("password-school"), 401);
  EXPECT_EQ(login("new-pass-12345")->status, 200);
}

// Issue 25: a new phone is set up from a QR code: a one-time code, valid
// ten minutes, exchanged for a token of the same account.
TEST_F(HttpsGateway, ASetupCodeLogsInANewPhoneOnce) {
  const std::string school = tokens_[Role::kSchool];
  auto made = Post("/api/v1/auth/setup-codes", school, "", "application/json");
  ASSERT_EQ(made->status, 201) << made->body;
  const std::string code = Body(made)["code"];
  EXPECT_GE(code.size(), 16u);
  EXPECT_EQ(Body(made)["url"],
            "https://127.0.0.1:" + std::to_string(gateway_->port()) +
                "/m/#/setup/" + code);
  EXPECT_EQ(ParseRfc3339(Body(made)["expires_at"]),
            clock_.Now() + Accounts::kSetupCodeLifetime);
  const auto exchange = [&](const std::string& body) {
    return Post("/api/v1/auth/login", "", body, "application/json");
  };
  const std::string with_code = json{{"setup_code", code}}.dump();
  auto phone = exchange(with_code);
  ASSERT_EQ(phone->status, 200) << phone->body;
  EXPECT_EQ(Body(phone)["role"], "school");
  auto me = Get("/api/v1/me", Body(phone)["token"]);
  EXPECT_EQ(Body(me)["username"], "user-school");
  ExpectProblem(exchange(with_code), 401);  // once only
  ExpectProblem(exchange(R"({"setup_code":"0123456789abcdef0123"})"), 401);
  auto wrong_type = exchange(R"({"setup_code":42})");
  ExpectProblem(wrong_type, 400);
  EXPECT_EQ(Body(wrong_type)["errors"][0]["field"], "setup_code");

  auto late = Post("/api/v1/auth/setup-codes", school, "", "application/json");
  clock_.Advance(Accounts::kSetupCodeLifetime + std::chrono::seconds(1));
  ExpectProblem(exchange(json{{"setup_code", Body(late)["code"]}}.dump()), 401);
  // A code made with a token that is then revoked is spent on nothing.
  auto revoked =
      Post("/api/v1/auth/setup-codes", school, "", "application/json");
  Accounts accounts(*store_, clock_);
  ASSERT_TRUE(accounts.Disable("user-school", "test").ok());
  ExpectProblem(exchange(json{{"setup_code", Body(revoked)["code"]}}.dump()),
                401);
}

TEST_F(HttpsGateway, EveryRoleAgainstTheDirectoryFollowsTheRouteTable) {
  for (const RoutePolicy& policy : RoutePolicies()) {
    const bool directory = policy.name.find("/orgs") != std::string::npos ||
                           policy.name.find("/areas") != std::string::npos ||
                           policy.name.find("/me") != std::string::npos;
    if (policy.method != "GET" || !policy.authenticated || !directory) continue;
    std::string path = policy.name.substr(4);
    const size_t id = path.find("{id}");
    for (Role role : kAllRoles) {
      // Each role asks for an org it may see, so only the role decides.
      std::string concrete = path;
      if (id != std::string::npos) {
        concrete.replace(id, 4, role == Role::kAdmin ? "ent-1" : OrgFor(role));
      }
      auto res = Get(concrete, tokens_[role]);
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, policy.Allows(role) ? 200 : 403)
          << RoleName(role) << " " << concrete;
    }
  }
}

TEST_F(HttpsGateway, OrgListIsForbiddenToEnterprisesAndSchools) {
  ExpectProblem(Get("/api/v1/orgs", tokens_[Role::kEnterprise]), 403);
  ExpectProblem(Get("/api/v1/orgs", tokens_[Role::kSchool]), 403);
  auto units = Get("/api/v1/orgs?kind=unit", tokens_[Role::kOffice]);
  ASSERT_TRUE(units);
  ASSERT_EQ(units->status, 200);
  EXPECT_EQ(Body(units), json::parse(R"([{"id":"unit-gaj","name":"州公安局",
                                          "kind":"unit","area":"652300"}])"));
}

TEST_F(HttpsGateway, InvalidUtf8InThePathIsAProblemNotACrash) {
  ExpectProblem(Get("/api/v1/orgs/%FF%FE", tokens_[Role::kOffice]), 404);
  ExpectProblem(Get("/api/v1/warnings/%C0%AF", tokens_[Role::kOffice]), 404);
}

TEST_F(HttpsGateway, EnterpriseSeesOnlyItsOwnOrg) {
  auto own = Get("/api/v1/orgs/ent-1", tokens_[Role::kEnterprise]);
  ASSERT_TRUE(own);
  ASSERT_EQ(own->status, 200);
  EXPECT_EQ(Body(own)["uscc"], testing::kValidUscc);
  EXPECT_EQ(Body(own)["measures"]["red"][0]["action"], "stop");
  ExpectProblem(Get("/api/v1/orgs/sch-1", tokens_[Role::kEnterprise]), 404);
  ExpectProblem(Get("/api/v1/orgs/nope", tokens_[Role::kOffice]), 404);
}

TEST_F(HttpsGateway, MissingBadAndRevokedTokensAre401) {
  auto none = Get("/api/v1/me", "");
  ExpectProblem(none, 401);
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer");
  ExpectProblem(Get("/api/v1/me", "not-a-token"), 401);
  Accounts accounts(*store_, clock_);
  ASSERT_TRUE(accounts.Revoke("user-unit", "test").ok());
  ExpectProblem(Get("/api/v1/me", tokens_[Role::kUnit]), 401);
}

TEST_F(HttpsGateway, ExpiredTokenIs401) {
  clock_.Advance(Accounts::kIssuedTokenLifetime + std::chrono::seconds(1));
  ExpectProblem(Get("/api/v1/me", tokens_[Role::kOffice]), 401);
}

TEST_F(HttpsGateway, BadPagingParametersNameTheField) {
  auto res = Get("/api/v1/orgs?limit=5000", tokens_[Role::kOffice]);
  ExpectProblem(res, 400);
  EXPECT_EQ(Body(res)["errors"][0]["field"], "limit");
  auto kind = Get("/api/v1/orgs?kind=bank", tokens_[Role::kOffice]);
  ExpectProblem(kind, 400);
  EXPECT_EQ(Body(kind)["errors"][0]["field"], "kind");
}

TEST_F(HttpsGateway, CsvImportAllOrNothingWithRoleAndTypeChecks) {
  const std::string header =
      "uscc,name,area,industry,grade,lat,lon,geofence_m,process,yellow,"
      "orange,red\n";
  const std::string good =
      header + std::string(testing::kValidUscc) +
      ",示例水泥有限公司,652301,建材/水泥,B,44.01,87.3,300,"
      "kiln,limit:80,limit:60,limit:40\n";
  auto ok = Post("/api/v1/enterprises/import", tokens_[Role::kOffice], good,
                 "text/csv; charset=utf-8");
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(Body(ok), json({{"created", 0}, {"updated", 1}}));
  auto bad = Post("/api/v1/enterprises/import", tokens_[Role::kOffice],
                  header +
                      "91652301MA78K3Q5XB,x,652301,建材,B,44,87,300,k,"
                      "stop,stop,stop\n",
                  "text/csv");
  ExpectProblem(bad, 400);
  EXPECT_EQ(Body(bad)["errors"][0]["field"], "line 2: uscc");
  ExpectProblem(Post("/api/v1/enterprises/import", tokens_[Role::kEnterprise],
                     good, "text/csv"),
                403);
  ExpectProblem(Post("/api/v1/enterprises/import", tokens_[Role::kOffice], good,
                     "application/json"),
                415);
}

TEST_F(HttpsGateway, UnknownRouteAndOversizedBodyAreProblems) {
  ExpectProblem(Get("/api/v1/nothing-here", tokens_[Role::kOffice]), 404);
  ExpectProblem(Post("/api/v1/enterprises/import", tokens_[Role::kOffice],
                     std::string(kBodyLimit + 1, 'x'), "text/csv"),
                413);
}

TEST_F(HttpsGateway, MetricsCountRequestsByRouteAndStatus) {
  ASSERT_TRUE(Get("/api/v1/me", tokens_[Role::kOffice]));
  ASSERT_TRUE(Get("/api/v1/me", ""));
  auto metrics = Get("/metrics", "");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("hazegate_http_requests_total{method=\"GET\","
                               "route=\"GET /api/v1/me\",status=\"200\"} 1"),
            std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("route=\"GET /api/v1/me\",status=\"401\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics->body.find("hazegate_http_request_duration_seconds_count"
                               "{route=\"GET /api/v1/me\"} 2"),
            std::string::npos);
}

// Connects with a client limited to `max_version`; true if the handshake
// succeeds.
bool HandshakeSucceeds(int port, int max_version) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_security_level(ctx, 0);  // let the client offer old versions
  SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
  SSL_CTX_set_max_proto_version(ctx, max_version);
  BIO* bio = BIO_new_ssl_connect(ctx);
  BIO_set_conn_hostname(bio, ("127.0.0.1:" + std::to_string(port)).c_str());
  const bool ok = BIO_do_handshake(bio) == 1;
  BIO_free_all(bio);
  SSL_CTX_free(ctx);
  return ok;
}

TEST_F(HttpsGateway, OnlyTls12AndNewer) {
  EXPECT_TRUE(HandshakeSucceeds(gateway_->port(), TLS1_2_VERSION));
  EXPECT_TRUE(HandshakeSucceeds(gateway_->port(), TLS1_3_VERSION));
  EXPECT_FALSE(HandshakeSucceeds(gateway_->port(), TLS1_1_VERSION));
}

// cpp-httplib listens with a backlog of 5; a burst of connections from the
// front door overflowed it (a SYN dropped costs a second). The gateway
// raises it: `ss` shows a listener's backlog as its Send-Q.
TEST_F(HttpsGateway, ListensWithABacklogForBursts) {
  const std::string command =
      "ss -ltnH 'sport = :" + std::to_string(gateway_->port()) +
      "' | awk '{print $3}'";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char line[64] = {};
  const bool read = std::fgets(line, sizeof line, pipe) != nullptr;
  ::pclose(pipe);
  ASSERT_TRUE(read) << command;
  EXPECT_GE(std::atoi(line), 128) << "backlog " << line;
}

TEST(GatewayBind, BadCertificateIsAnError) {
  testing::TempDir dir;
  testing::FakeClock clock;
  auto store = testing::StoreWithPlan(dir, clock);
  GatewayOptions options;
  options.port = 0;
  options.tls_cert = dir.File("missing.crt");
  options.tls_key = dir.File("missing.key");
  options.blob_dir = dir.File("blobs");
  Gateway gateway(options, *store, clock);
  EXPECT_FALSE(gateway.Bind().ok());
}

// The web clients' files (issue 13.1, 14.1): served with a strict
// Content-Security-Policy and an ETag that answers 304 when unchanged.
TEST_F(HttpsGateway, WebClientFilesAreServedWithCspAndEtag) {
  std::filesystem::create_directories(dir_.File("web/console"));
  std::ofstream(dir_.File("web/console/index.html")) << "<!DOCTYPE html>值守";
  std::ofstream(dir_.File("web/console/app.js")) << "export const a = 1;\n";
  auto page = Get("/console/", "");
  ASSERT_EQ(page->status, 200);
  EXPECT_EQ(page->body, "<!DOCTYPE html>值守");
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const std::string csp = page->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  const std::string etag = page->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = Client()->Get("/console/index.html", {{"If-None-Match", etag}});
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->body, "");
  auto script = Get("/console/app.js", "");
  EXPECT_EQ(script->get_header_value("Content-Type"),
            "text/javascript; charset=utf-8");
  std::ofstream(dir_.File("web/console/index.html")) << "<!DOCTYPE html>新版";
  auto changed = Client()->Get("/console/", {{"If-None-Match", etag}});
  EXPECT_EQ(changed->status, 200) << "a changed file is sent again";
  EXPECT_EQ(Get("/console/missing.js", "")->status, 404);
  EXPECT_EQ(Get("/m/", "")->status, 404) << "no field app in this root";
  auto bare = Get("/console", "");
  EXPECT_EQ(bare->status, 308);
  EXPECT_EQ(bare->get_header_value("Location"), "/console/");
}

}  // namespace
}  // namespace hazegate

namespace hazegate {
namespace {

// What a caller whose role is allowed gets from each route when the request
// names nothing that exists and carries an empty body. Every route of the
// table must be listed here, so a new route cannot skip the matrix.
const std::map<std::string, int> kAllowedStatus = {
    {"GET /healthz", 200},
    {"GET /livez", 200},
    {"GET /metrics", 200},
    {"GET /internal/authorize", 400},
    // SMS is off in this gateway: Kannel's routes are not there.
    {"GET /internal/sms/report", 404},
    {"GET /internal/sms/reply", 404},
    {"GET /internal/mqtt/user", 404},
    {"GET /internal/mqtt/vhost", 404},
    {"GET /internal/mqtt/resource", 404},
    {"GET /internal/mqtt/topic", 404},
    {"POST /api/v1/auth/login", 400},
    {"POST /api/v1/auth/logout", 204},
    {"POST /api/v1/auth/password", 400},
    {"POST /api/v1/auth/setup-codes", 201},
    {"GET /vendor/qrcode.mjs", 404},
    {"POST /api/v1/orders/{id}/send-again", 404},
    {"POST /api/v1/forecasts", 400},
    {"GET /api/v1/forecasts", 200},
    {"GET /api/v1/recommendations", 200},
    {"GET /api/v1/public/levels", 200},
    {"GET /api/v1/feeds/cap.atom", 200},
    {"GET /api/v1/season", 200},
    {"GET /api/v1/season.html", 200},
    {"GET /api/v1/warnings/{id}/sector", 404},
    {"POST /api/v1/bulletins", 400},
    {"GET /api/v1/bulletins", 200},
    {"GET /api/v1/bulletins/{id}", 404},
    {"GET /api/v1/bulletins/{id}.html", 404},
    {"GET /api/v1/bulletins/{id}.csv", 404},
    {"POST /api/v1/bulletins/{id}/approve", 404},
    {"POST /api/v1/bulletins/{id}/revise", 404},
    {"POST /api/v1/bulletins/{id}/sent", 400},
    {"GET /api/v1/accountability/leads", 200},
    {"GET /api/v1/accountability/leads.csv", 200},
    {"POST /api/v1/accountability/leads/{id}/actions", 400},
    {"GET /api/v1/public/press/{id}", 404},
    {"GET /api/v1/warnings/{id}/press-release", 404},
    {"POST /api/v1/warnings/{id}/press-release", 400},
    {"GET /api/v1/feeds/cap/{identifier}.xml", 404},
    {"GET /public", 308},
    {"GET /public/{path}", 404},
    {"POST /api/v1/regional-notices", 400},
    {"GET /api/v1/regional-notices", 200},
    {"POST /api/v1/consultations", 400},
    {"GET /api/v1/consultations", 200},
    {"GET /console", 308},
    {"GET /console/{path}", 404},
    {"GET /m", 308},
    {"GET /m/{path}", 404},
    {"GET /shared/{path}", 404},
    {"GET /vendor/mqtt.esm.js", 404},
    {"GET /api/v1/me", 200},
    {"GET /api/v1/areas", 200},
    {"GET /api/v1/orgs", 200},
    {"GET /api/v1/orgs/{id}", 404},
    {"POST /api/v1/enterprises/import", 415},
    {"POST /api/v1/warnings", 400},
    {"GET /api/v1/warnings", 200},
    {"GET /api/v1/warnings/{id}", 404},
    {"POST /api/v1/warnings/{id}/approve", 404},
    {"POST /api/v1/warnings/{id}/reject", 400},
    {"POST /api/v1/warnings/{id}/lift", 400},
    {"POST /api/v1/warnings/{id}/findings", 400},
    {"GET /api/v1/warnings/{id}/cap", 404},
    {"GET /api/v1/warnings/{id}/orders", 404},
    {"GET /api/v1/warnings/{id}/orders.csv", 404},
    {"GET /api/v1/warnings/{id}/map", 404},
    {"POST /api/v1/warnings/preview", 400},
    {"GET /api/v1/board", 200},
    {"GET /api/v1/orders", 200},
    {"POST /api/v1/orders/{id}/ack", 404},
    {"POST /api/v1/orders/{id}/reports", 400},
    {"GET /api/v1/orders/{id}/reports", 404},
    {"GET /api/v1/warnings/{id}/reports", 404},
    {"GET /api/v1/warnings/{id}/reports.csv", 404},
    {"GET /api/v1/warnings/{id}/reporting", 404},
    {"GET /api/v1/warnings/{id}/summary", 404},
    {"GET /api/v1/warnings/{id}/summary.html", 404},
    {"GET /api/v1/warnings/{id}/reduction", 404},
    {"POST /api/v1/devices", 400},
    {"GET /api/v1/devices", 200},
    {"DELETE /api/v1/devices/{id}", 404},
    {"POST /api/v1/inspections", 415},
    {"GET /api/v1/inspections", 200},
    {"GET /api/v1/inspections.geojson", 200},
    {"GET /api/v1/inspections.csv", 400},
    {"GET /api/v1/inspections/{id}", 404},
    {"GET /api/v1/photos/{sha256}", 404},
    {"GET /api/v1/cases", 200},
    {"GET /api/v1/cases/{id}", 404},
    {"POST /api/v1/cases/{id}/actions", 400},
    {"POST /api/v1/assignments", 400},
    {"GET /api/v1/assignments", 200},
    {"GET /api/v1/assignments/suggestions", 400},
};

class AuthorizationMatrix : public HttpsGateway {
 protected:
  // A token of the role's account of its own, for a route that ends the
  // token it is called with (logout).
  std::string FreshToken(Role role) {
    Accounts accounts(*store_, clock_);
    const std::string name(RoleName(role));
    auto issued = accounts.Login("user-" + name, "password-" + name, "test");
    return issued.ok() ? issued.value().token : "";
  }

  int Status(const RoutePolicy& policy, const std::string& token) {
    const std::string path = testing::ConcretePath(policy);
    auto res = policy.method == "GET" ? Get(path, token)
               : policy.method == "DELETE"
                   ? Delete(path, token)
                   : Post(path, token, "", "application/json");
    return res ? res->status : -1;
  }
};

TEST_F(AuthorizationMatrix, EveryRouteWithEveryRole) {
  for (const RoutePolicy& policy : RoutePolicies()) {
    ASSERT_TRUE(kAllowedStatus.contains(policy.name)) << policy.name;
    const int allowed = kAllowedStatus.at(policy.name);
    for (Role role : kAllRoles) {
      const int expected =
          !policy.authenticated || policy.Allows(role) ? allowed : 403;
      const bool ends_token = policy.name == "POST /api/v1/auth/logout";
      EXPECT_EQ(Status(policy, ends_token ? FreshToken(role) : tokens_[role]),
                expected)
          << RoleName(role) << " " << policy.name;
    }
  }
}

TEST_F(AuthorizationMatrix, NoBadRevokedOrExpiredTokenGetsIn) {
  Accounts accounts(*store_, clock_);
  ASSERT_TRUE(accounts.Revoke("user-office", "test").ok());
  for (const RoutePolicy& policy : RoutePolicies()) {
    if (!policy.authenticated) continue;
    EXPECT_EQ(Status(policy, ""), 401) << "no token " << policy.name;
    EXPECT_EQ(Status(policy, "forged-token"), 401) << policy.name;
    EXPECT_EQ(Status(policy, tokens_[Role::kOffice]), 401)
        << "revoked " << policy.name;
  }
  clock_.Advance(Accounts::kIssuedTokenLifetime + std::chrono::seconds(1));
  for (const RoutePolicy& policy : RoutePolicies()) {
    if (!policy.authenticated) continue;
    EXPECT_EQ(Status(policy, tokens_[Role::kCommand]), 401)
        << "expired " << policy.name;
  }
}

// Issue 10.5: `curl -X POST .../inspections` (no body, no token) was a 500
// with the exception's text in a header. Every route x every method x {no
// body, empty body, wrong content type, no token}: a 4xx problem+json (or
// the route's own answer), never a 500, never internal text.
class RequestShapeMatrix : public HttpsGateway {
 protected:
  // Sends `method path` raw; `body` nullptr = no body and no length.
  std::string Raw(const std::string& method, const std::string& path,
                  const std::string& token, const char* content_type,
                  const char* body) {
    std::string request = method + " " + path + " HTTP/1.1\r\nHost: x\r\n";
    if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
    if (content_type)
      request += std::string("Content-Type: ") + content_type + "\r\n";
    if (body) {
      request += "Content-Length: " + std::to_string(strlen(body)) + "\r\n";
    }
    request += "Connection: close\r\n\r\n";
    if (body) request += body;
    return testing::Exchange(gateway_->port(), request,
                             std::chrono::seconds(10));
  }

  static void ExpectClean(const std::string& response, int expected,
                          const std::string& what) {
    const int status = testing::StatusOf(response);
    EXPECT_TRUE(expected == 0 ? (status >= 200 && status < 500)
                              : status == expected)
        << what << " -> " << status;
    EXPECT_EQ(response.find("EXCEPTION_WHAT"), std::string::npos) << what;
    if (status >= 400) {
      EXPECT_NE(response.find("Content-Type: application/problem+json"),
                std::string::npos)
          << what << "\n"
          << response;
    }
  }
};

TEST_F(RequestShapeMatrix, EveryRouteMethodAndBodyGetsAClean4xx) {
  const char* const methods[] = {"GET", "POST", "PUT", "DELETE", "PATCH"};
  for (const RoutePolicy& policy : RoutePolicies()) {
    const std::string path = testing::ConcretePath(policy);
    const std::string token =
        policy.authenticated ? tokens_[policy.roles.front()] : "";
    for (const std::string method : methods) {
      const std::string what = method + " " + path;
      bool path_has_method = false;
      for (const RoutePolicy& other : RoutePolicies()) {
        path_has_method |= other.method == method &&
                           std::regex_match(path, std::regex(other.pattern));
      }
      if (!path_has_method) {
        ExpectClean(Raw(method, path, token, nullptr, nullptr), 405, what);
        continue;
      }
      if (method != policy.method) continue;  // another route's method
      ExpectClean(Raw(method, path, token, nullptr, nullptr), 0,
                  what + " no body");
      ExpectClean(Raw(method, path, token, "application/json", ""), 0,
                  what + " empty body");
      if (policy.authenticated) {
        ExpectClean(Raw(method, path, "", nullptr, nullptr), 401,
                    what + " no token");
      }
      if (method == "POST") {
        const auto wrong = Raw(method, path, token, "text/plain", "x=1");
        ExpectClean(wrong, 0, what + " wrong content type");
      }
    }
  }
}

}  // namespace
}  // namespace hazegate
