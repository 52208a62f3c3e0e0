// A real gateway over real TLS on a real SQLite file with SmallPlan, and
// one account (and token) per role.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <memory>
#include <thread>

#include "hazegate/gateway/gateway.h"
#include "hazegate/identity/accounts.h"
#include "support.h"

namespace hazegate::testing {

using nlohmann::json;

// Org of the test account for each role (SmallPlan's orgs).
inline std::string OrgFor(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "";
    case Role::kCommand:
      return "command";
    case Role::kOffice:
      return "office";
    case Role::kUnit:
      return "unit-gaj";
    case Role::kCounty:
      return "county-652301";
    case Role::kInspector:
      return "group-inspection";
    case Role::kEnterprise:
      return "ent-1";
    case Role::kSchool:
      return "sch-1";
    case Role::kDisplay:
      return "command";  // the command hall's wall screen
  }
  return "";
}

class HttpsGateway : public ::testing::Test {
 protected:
  static constexpr size_t kBodyLimit = 64 * 1024;

  void SetUp() override {
    ASSERT_TRUE(MakeDevCerts(dir_.path() / "tls"));
    store_ = StoreWithPlan(dir_, clock_);
    Accounts accounts(*store_, clock_);
    for (Role role : kAllRoles) {
      const std::string name(RoleName(role));
      auto issued = accounts.Create(
          {"user-" + name, name, OrgFor(role), "password-" + name}, "test");
      ASSERT_TRUE(issued.ok());
      tokens_[role] = issued.value().token;
    }
    GatewayOptions options;
    options.port = 0;
    options.tls_cert = dir_.File("tls/server.crt");
    options.tls_key = dir_.File("tls/server.key");
    options.worker_threads = 8;
    options.max_body_bytes = kBodyLimit;
    options.blob_dir = dir_.File("blobs");
    options.web_root = dir_.File("web");  // tests put files there
    gateway_ = std::make_unique<Gateway>(options, *store_, clock_);
    ASSERT_TRUE(gateway_->Bind().ok());
    serving_ = std::thread([this] { gateway_->Serve(); });
  }

  void TearDown() override {
    if (gateway_) gateway_->Stop();
    if (serving_.joinable()) serving_.join();
  }

  std::unique_ptr<httplib::SSLClient> Client() {
    auto client =
        std::make_unique<httplib::SSLClient>("127.0.0.1", gateway_->port());
    client->set_ca_cert_path(dir_.File("tls/ca.crt").c_str());
    client->enable_server_certificate_verification(true);
    return client;
  }

  httplib::Result Get(const std::string& path, const std::string& token) {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return Client()->Get(path.c_str(), headers);
  }

  httplib::Result Post(const std::string& path, const std::string& token,
                       const std::string& body, const std::string& type) {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return Client()->Post(path.c_str(), headers, body, type.c_str());
  }

  httplib::Result Delete(const std::string& path, const std::string& token) {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return Client()->Delete(path.c_str(), headers);
  }

  static json Body(const httplib::Result& res) {
    return json::parse(res->body);
  }

  static void ExpectProblem(const httplib::Result& res, int status) {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, status) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"),
              "application/problem+json");
    const json body = json::parse(res->body);
    EXPECT_EQ(body["status"], status);
    EXPECT_TRUE(body.contains("type") && body.contains("title") &&
                body.contains("detail"));
  }

  TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<Store> store_;
  std::map<Role, std::string> tokens_;
  std::unique_ptr<Gateway> gateway_;
  std::thread serving_;
};

}  // namespace hazegate::testing
