// The real binary, as operators and scripts call it.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <map>
#include <memory>
#include <thread>

#include "hazegate/app/schema.h"
#include "hazegate/core/store.h"
#include "mqtt_support.h"

namespace hazegate {
namespace {

using nlohmann::json;

struct CommandRun {
  int exit_code;
  std::string out;  // stdout only
};

CommandRun Hazegate(const std::string& args,
                    const std::string& stdin_text = "") {
  std::string command = std::string(HAZEGATE_BINARY) + " " + args;
  if (!stdin_text.empty()) {
    command = "printf '%s\\n' '" + stdin_text + "' | " + command;
  }
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    out.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos;
       start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  return lines;
}

class Cli : public ::testing::Test {
 protected:
  Cli() {
    config_ = dir_.File("hazegate.toml");
    std::ofstream(config_)
        << "[server]\nlisten = \"127.0.0.1:0\"\n"
           "[store]\ndatabase = \"h.db\"\nblobs = \"blobs\"\n";
  }

  std::string WritePlan(const json& plan) {
    const std::string path = dir_.File("plan.json");
    std::ofstream(path) << plan.dump();
    return path;
  }

  testing::TempDir dir_;
  std::string config_;
};

TEST_F(Cli, PlanCheckAcceptsTheSamplePlan) {
  const CommandRun run =
      Hazegate("plan check " + std::string(HAZEGATE_SOURCE_DIR) +
               "/config/plans/changji.json");
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(run.out, "");
}

TEST_F(Cli, PlanCheckPrintsOneLinePerErrorWithPointer) {
  json plan = testing::SmallPlan();
  plan["orgs"][5]["uscc"] = "91652301MA78K3Q5XB";
  plan["orgs"][6]["area"] = "nowhere";
  const std::string path = WritePlan(plan);
  const CommandRun run = Hazegate("plan check " + path);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(Lines(run.out),
            (std::vector<std::string>{
                path + ":/orgs/5/uscc: wrong check character: expected 'A'",
                path + ":/orgs/6/area: unknown area nowhere"}));
}

TEST_F(Cli, PlanCheckReportsInvalidJson) {
  const std::string path = dir_.File("broken.json");
  std::ofstream(path) << "{\"areas\": [";
  const CommandRun run = Hazegate("plan check " + path);
  EXPECT_EQ(run.exit_code, 2);
  ASSERT_EQ(Lines(run.out).size(), 1u);
  EXPECT_EQ(run.out.rfind(path + ":: invalid JSON", 0), 0u) << run.out;
}

TEST_F(Cli, PlanLoadThenAccountCreateAndRevoke) {
  ASSERT_EQ(Hazegate("plan load --config " + config_ + " " +
                     WritePlan(testing::SmallPlan()))
                .exit_code,
            0);
  const CommandRun created =
      Hazegate("account create --config " + config_ +
                   " --username clerk --role office --org "
                   "office --password-stdin",
               "a long enough password");
  ASSERT_EQ(created.exit_code, 0);
  ASSERT_EQ(Lines(created.out).size(), 1u);
  EXPECT_EQ(Lines(created.out)[0].size(), 43u);  // the token alone
  const CommandRun duplicate =
      Hazegate("account create --config " + config_ +
               " --username clerk --role office --org office");
  EXPECT_EQ(duplicate.exit_code, 1);
  EXPECT_EQ(Hazegate("account revoke --config " + config_ + " --username clerk")
                .exit_code,
            0);
  EXPECT_EQ(Hazegate("account revoke --config " + config_ + " --username ghost")
                .exit_code,
            1);
}

TEST_F(Cli, BadInputExitsWith2) {
  EXPECT_EQ(Hazegate("account create --config " + config_ +
                     " --username clerk --role mayor --org office")
                .exit_code,
            2);
  EXPECT_EQ(Hazegate("plan load --config " + config_ + " " +
                     WritePlan(json::object()))
                .exit_code,
            2);
  std::ofstream(config_, std::ios::app) << "[store]\nextra = 1\n";
  EXPECT_EQ(Hazegate("account revoke --config " + config_ + " --username x")
                .exit_code,
            2);
  EXPECT_EQ(Hazegate("no-such-command").exit_code, 2);
}

TEST_F(Cli, ServeStopsCleanlyOnSigterm) {
  const int port = testing::FreePort();
  std::ofstream(config_) << "[server]\nlisten = \"127.0.0.1:" << port
                         << "\"\n[store]\ndatabase = \"h.db\"\n"
                            "blobs = \"blobs\"\n";
  ASSERT_EQ(Hazegate("plan load --config " + config_ + " " +
                     WritePlan(testing::SmallPlan()))
                .exit_code,
            0);
  const pid_t child = fork();
  if (child == 0) {
    execl(HAZEGATE_BINARY, HAZEGATE_BINARY, "serve", "--config",
          config_.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(std::chrono::milliseconds(200));
  ASSERT_TRUE(testing::Eventually([&] {
    auto res = client.Get("/healthz");
    return res && res->status == 200;
  })) << "serve did not answer /healthz";
  ASSERT_EQ(kill(child, SIGTERM), 0);
  int status = 0;
  ASSERT_TRUE(testing::Eventually([&] {
    return waitpid(child, &status, WNOHANG) == child;
  })) << "serve did not stop within 5 s";
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace hazegate

namespace hazegate {
namespace {

TEST(CliMqtt, CredentialsPrintOnceAndConfigWritesBothFiles) {
  testing::TempDir dir;
  const std::string config = dir.File("hazegate.toml");
  std::ofstream(config) << "[store]\ndatabase = \"h.db\"\nblobs = \"b\"\n"
                           "[mqtt]\nusername = \"hazegate\"\n"
                           "password = \"gw-secret-123\"\n";
  std::ofstream(dir.File("plan.json")) << testing::SmallPlan().dump();
  ASSERT_EQ(
      Hazegate("plan load --config " + config + " " + dir.File("plan.json"))
          .exit_code,
      0);
  const CommandRun issued =
      Hazegate("mqtt credentials --config " + config + " --org ent-1");
  ASSERT_EQ(issued.exit_code, 0);
  const auto credentials = nlohmann::json::parse(issued.out);
  EXPECT_EQ(credentials["username"], "ent-1");
  EXPECT_EQ(credentials["password"].get<std::string>().size(), 48u);
  EXPECT_EQ(Hazegate("mqtt credentials --config " + config + " --org nobody")
                .exit_code,
            2);
  ASSERT_EQ(Hazegate("mqtt config --config " + config + " --out " +
                     dir.File("broker"))
                .exit_code,
            0);
  const std::string passwd = testing::ReadFile(dir.File("broker/passwd"));
  const std::string acl = testing::ReadFile(dir.File("broker/acl"));
  EXPECT_EQ(passwd.find(credentials["password"].get<std::string>()),
            std::string::npos);
  EXPECT_NE(passwd.find("ent-1:$7$101$"), std::string::npos);
  EXPECT_NE(passwd.find("hazegate:$7$101$"), std::string::npos);
  EXPECT_NE(acl.find("user ent-1\ntopic read hazegate/orgs/ent-1/orders\n"
                     "topic read hazegate/areas/+/warning\n"
                     "topic write hazegate/orgs/ent-1/acks\n"),
            std::string::npos);
  EXPECT_NE(acl.find("user hazegate\ntopic readwrite hazegate/#\n"),
            std::string::npos);
}

// Issue 11.4: onboarding at scale. Every line an account and a device, or
// (any bad line) nothing, with every bad line named.
TEST_F(Cli, DeviceImportCreatesAccountsAndDevicesOrNothing) {
  ASSERT_EQ(Hazegate("plan load --config " + config_ + " " +
                     WritePlan(testing::SmallPlan()))
                .exit_code,
            0);
  const std::string bad = dir_.File("bad.csv");
  std::ofstream(bad) << "ent-1,ent1.wang,王经理手机\n"
                        "nobody,someone,x\n"
                        "sch-1,ent1.wang,重复\n"
                        "sch-1,a b,空格\n"
                        "sch-1,only-two\n";
  const CommandRun refused =
      Hazegate("device import --config " + config_ + " " + bad + " 2>&1");
  EXPECT_EQ(refused.exit_code, 2);
  for (const char* named :
       {"line 2: org: unknown org nobody", "line 3: username: repeats",
        "line 4: username: must be", "line 5: columns: expected"}) {
    EXPECT_NE(refused.out.find(named), std::string::npos) << named << " in\n"
                                                          << refused.out;
  }
  auto store =
      std::move(Store::Open(dir_.File("h.db"), HazegateSchema(), 1)).value();
  auto count = [&](const char* sql) {
    auto lease = store->Acquire();
    return lease.db().execAndGet(sql).getInt();
  };
  EXPECT_EQ(count("SELECT count(*) FROM accounts"), 0) << "nothing stored";
  EXPECT_EQ(count("SELECT count(*) FROM devices"), 0);

  const std::string good = dir_.File("good.csv");
  std::ofstream(good) << "\xEF\xBB\xBF"
                         "ent-1,ent1.wang,王经理手机\r\n"
                         "sch-1,sch1.li,\"李校长,值班\"\r\n";
  const CommandRun imported =
      Hazegate("device import --config " + config_ + " " + good);
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  const auto lines = Lines(imported.out);
  ASSERT_EQ(lines.size(), 2u);
  const json first = json::parse(lines[0]);
  const json second = json::parse(lines[1]);
  EXPECT_EQ(first["org"], "ent-1");
  EXPECT_EQ(first["username"], "ent1.wang");
  EXPECT_GE(first["password"].get<std::string>().size(), 10u);
  EXPECT_EQ(first["mqtt"]["client_id"], first["mqtt"]["username"]);
  EXPECT_EQ(first["mqtt"]["password"].get<std::string>().size(), 48u);
  EXPECT_NE(first["mqtt"]["username"], second["mqtt"]["username"]);
  EXPECT_EQ(count("SELECT count(*) FROM accounts WHERE username = "
                  "'ent1.wang' AND role = 'enterprise' AND org = 'ent-1'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM devices WHERE org = 'sch-1' AND "
                  "name = '李校长,值班'"),
            1);
  EXPECT_EQ(
      Hazegate("device import --config " + config_ + " " + good).exit_code, 2)
      << "the same usernames again";
}

}  // namespace
}  // namespace hazegate

namespace hazegate {
namespace {

// A child process of the binary, SIGTERMed and reaped at the end.
class Child {
 public:
  explicit Child(std::vector<std::string> args) {
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char*> argv{const_cast<char*>(HAZEGATE_BINARY)};
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv(HAZEGATE_BINARY, argv.data());
      _exit(127);
    }
  }
  ~Child() { Stop(); }
  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

bool Answers(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(std::chrono::milliseconds(200));
  return testing::Eventually([&] {
    auto res = client.Get("/healthz");
    return res && res->status == 200;
  });
}

// A region's one endpoint (docs/operations.md, "A region") in front of two
// real gateways with their own stores, accounts and topic prefixes: each
// account is answered by its own prefecture, for its own prefix only.
class CliRegionalAuth : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const std::string name : {"a", "b"}) {
      const int port = testing::FreePort();
      const std::string config = dir_.File(name + ".toml");
      std::ofstream(config)
          << "[server]\nlisten = \"127.0.0.1:" << port
          << "\"\n[store]\ndatabase = \"" << name << ".db\"\nblobs = \"" << name
          << "-blobs\"\n[mqtt]\nusername = \"gw-" << name
          << "\"\npassword = \"secret-" << name << "\"\ntopic_prefix = \""
          << name << "\"\nauth_http = true\n";
      std::ofstream(dir_.File("plan.json")) << testing::SmallPlan().dump();
      ASSERT_EQ(Hazegate("plan load --config " + config + " " +
                         dir_.File("plan.json"))
                    .exit_code,
                0);
      gateways_.push_back(std::make_unique<Child>(
          std::vector<std::string>{"serve", "--config", config}));
      ASSERT_TRUE(Answers(port)) << name;
      urls_.push_back("http://127.0.0.1:" + std::to_string(port));
      configs_.push_back(config);
    }
    // ent-1 is an account of a, sch-1 one of b.
    passwords_["ent-1"] = Password(configs_[0], "ent-1");
    passwords_["sch-1"] = Password(configs_[1], "sch-1");
    port_ = testing::FreePort();
    regional_ = std::make_unique<Child>(
        std::vector<std::string>{"mqtt", "regional-auth", "--listen",
                                 "127.0.0.1:" + std::to_string(port_),
                                 "--gateway", urls_[0], "--gateway", urls_[1]});
    ASSERT_TRUE(
        testing::Eventually([&] { return testing::PortAccepts(port_); }));
  }

  static std::string Password(const std::string& config,
                              const std::string& org) {
    const CommandRun run =
        Hazegate("mqtt credentials --config " + config + " --org " + org);
    EXPECT_EQ(run.exit_code, 0);
    return json::parse(run.out)["password"];
  }

  std::string Ask(const std::string& what, const httplib::Params& params) {
    httplib::Client client("127.0.0.1", port_);
    auto res = client.Get("/internal/mqtt/" + what, params, {});
    return res && res->status == 200 ? res->body : "no answer";
  }

  std::string Login(const std::string& username, const std::string& password) {
    return Ask("user", {{"username", username}, {"password", password}});
  }

  std::string Topic(const std::string& username, const std::string& key,
                    const std::string& permission) {
    return Ask("topic", {{"username", username},
                         {"vhost", "/"},
                         {"resource", "topic"},
                         {"name", "amq.topic"},
                         {"permission", permission},
                         {"routing_key", key}});
  }

  testing::TempDir dir_;
  std::vector<std::unique_ptr<Child>> gateways_;
  std::vector<std::string> urls_, configs_;
  std::map<std::string, std::string> passwords_;
  int port_ = 0;
  std::unique_ptr<Child> regional_;
};

TEST_F(CliRegionalAuth, EachAccountIsAnsweredByItsOwnPrefecture) {
  EXPECT_EQ(Login("ent-1", passwords_["ent-1"]), "allow");
  EXPECT_EQ(Login("sch-1", passwords_["sch-1"]), "allow");
  EXPECT_EQ(Login("sch-1", passwords_["ent-1"]), "deny");
  EXPECT_EQ(Login("gw-b", "secret-b"), "allow administrator");
  EXPECT_EQ(Login("gw-b", "secret-a"), "deny");
  EXPECT_EQ(Topic("ent-1", "a.orgs.ent-1.acks", "write"), "allow");
  EXPECT_EQ(Topic("ent-1", "a.orgs.ent-1.orders", "read"), "allow");
  EXPECT_EQ(Topic("ent-1", "b.orgs.ent-1.acks", "write"), "deny")
      << "another prefecture's prefix";
  EXPECT_EQ(Topic("sch-1", "b.orgs.sch-1.orders", "read"), "allow");
  EXPECT_EQ(Topic("sch-1", "a.orgs.sch-1.orders", "read"), "deny");
  EXPECT_EQ(Topic("gw-a", "a.orgs.sch-1.orders", "write"), "allow");
  EXPECT_EQ(Topic("gw-a", "b.orgs.sch-1.orders", "write"), "deny");
  EXPECT_EQ(Ask("vhost", {{"username", "sch-1"}, {"vhost", "/"}}), "allow");
  EXPECT_EQ(Ask("vhost", {{"username", "nobody"}, {"vhost", "/"}}), "deny");
  // Prefecture a goes down: its accounts are refused, b's still answered.
  gateways_[0]->Stop();
  EXPECT_EQ(Topic("ent-1", "a.orgs.ent-1.acks", "write"), "deny");
  EXPECT_EQ(Login("ent-1", passwords_["ent-1"]), "deny");
  EXPECT_EQ(Topic("sch-1", "b.orgs.sch-1.orders", "read"), "allow");
}

TEST(CliRegionalAuthArgs, ABadListenAddressIsNamed) {
  const CommandRun run = Hazegate(
      "mqtt regional-auth --listen nowhere --gateway http://127.0.0.1:1 2>&1");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("--listen"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace hazegate
