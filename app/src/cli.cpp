#include "hazegate/app/cli.h"

#include <malloc.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "hazegate/app/device_import.h"
#include "hazegate/app/scheduler.h"
#include "hazegate/app/schema.h"
#include "hazegate/config/plan.h"
#include "hazegate/config/reduction.h"
#include "hazegate/config/server_config.h"
#include "hazegate/core/store.h"
#include "hazegate/gateway/gateway.h"
#include "hazegate/identity/accounts.h"
#include "hazegate/inspection/cases.h"
#include "hazegate/mqtt/broker_accounts.h"
#include "hazegate/mqtt/broker_authority.h"
#include "hazegate/mqtt/broker_sessions.h"
#include "hazegate/mqtt/device_json.h"
#include "hazegate/mqtt/devices.h"
#include "hazegate/mqtt/mqtt_delivery.h"
#include "hazegate/mqtt/mqtt_identity.h"
#include "hazegate/oversight/reports.h"
#include "hazegate/sms/sms_delivery.h"
#include "regional_auth.h"

namespace hazegate {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;
// HTTPS worker threads, and as many database connections so that no worker
// waits for one.
constexpr int kServeThreads = 64;

int ExitCodeFor(const Error& error) {
  return error.kind == ErrorKind::kInvalidInput ? kExitBadInput : kExitFailure;
}

int Report(const Error& error) {
  std::cerr << "hazegate: " << error.external_text;
  if (!error.internal_text.empty()) std::cerr << ": " << error.internal_text;
  std::cerr << "\n";
  for (const FieldError& field : error.fields) {
    std::cerr << "  " << field.field << ": " << field.message << "\n";
  }
  return ExitCodeFor(error);
}

// Loads the config and opens (migrating) its database.
Result<std::unique_ptr<Store>> OpenStore(const std::string& config_path,
                                         ServerConfig* config_out,
                                         int connections = 2) {
  auto config = LoadServerConfig(config_path);
  if (!config.ok()) return config.error();
  *config_out = config.value();
  std::error_code ignored;
  std::filesystem::create_directories(
      std::filesystem::path(config_out->database).parent_path(), ignored);
  return Store::Open(config_out->database, HazegateSchema(), connections);
}

KannelOptions KannelOptionsOf(const ServerConfig::Sms& sms) {
  return {sms.sendsms_url, sms.username, sms.password, sms.sender,
          sms.callback_url + "/internal/sms/report?key=" + sms.callback_key};
}

// Kannel on loopback answers in a millisecond: a small window; an SMS it
// has not answered in 30 s is asked again.
Dispatcher::Options SmsDispatch() {
  Dispatcher::Options dispatch;
  dispatch.window = 64;
  dispatch.resend_after = std::chrono::seconds(30);
  // The crash test's fault hook: after N SMS handed to Kannel, record
  // nothing more (Kannel's acceptances are not recorded) until killed.
  if (const char* hold = std::getenv("HAZEGATE_FAULT_HOLD_SMS_AFTER")) {
    dispatch.hold_after_published = std::stoull(hold);
  }
  return dispatch;
}

// Fan-outs in chunks of the configured size. The crash test's fault hook:
// after N chunks committed the activation writes nothing more until killed.
FanOutOptions FanOutOf(const ServerConfig& config) {
  FanOutOptions fanout;
  fanout.chunk = static_cast<size_t>(config.fanout_chunk);
  if (const char* hold =
          std::getenv("HAZEGATE_FAULT_HOLD_FANOUT_AFTER_CHUNKS")) {
    fanout.hold_after_chunks = std::stoull(hold);
  }
  return fanout;
}

// Fan-out jobs a killed process left half written, finished before serving
// (the dispatcher publishes each chunk as it is committed).
Status ResumeFanOuts(Store& store, const Clock& clock,
                     std::function<void()> outbox_written,
                     FanOutOptions fanout) {
  ReportingSchedule schedule;
  WarningService warnings(store, clock, std::move(outbox_written), &schedule,
                          fanout);
  auto resumed = warnings.ResumeFanOuts();
  if (!resumed.ok()) return resumed.error();
  if (resumed.value() > 0) {
    spdlog::warn("finished {} fan-out(s) left unfinished", resumed.value());
  }
  return Ok{};
}

// How long POST /devices waits for the broker to accept a new device.
constexpr std::chrono::milliseconds kDeviceLiveWait{3000};

int ServeCommand(const std::string& config_path) {
  // Big buffers (argon2's 19 MiB, photo decoding) are mapped and unmapped
  // on free, instead of staying in whichever worker thread's arena last
  // used them (glibc's adaptive threshold would keep them: measured 122
  // MiB after five logins on five threads, 65 MiB with this: the base and
  // two hashes at once).
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  // Setting it also pins the trim threshold at 128 KiB: every free that
  // left that much at the top of a thread's heap gave it back (madvise, a
  // TLB flush on every core) and the next allocation faulted it in again.
  // In a 10,000-order fan-out this was most of the server's CPU (kernel
  // time, perf); with 64 MiB approve -> last PUBACK went from 1.26-2.70 s
  // to 0.73-0.80 s (docs/benchmarks.md).
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  ServerConfig config;
  auto store = OpenStore(config_path, &config, kServeThreads);
  if (!store.ok()) return Report(store.error());
  SystemClock clock;
  // Handle SIGINT/SIGTERM on one thread: block them before threads start.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  auto broker = MakePahoBrokerClient(
      {config.mqtt_uri, config.mqtt_client_id, config.mqtt_username,
       config.mqtt_password, config.mqtt_ca_file});
  Dispatcher::Options dispatch;
  dispatch.redeliver_after = std::chrono::seconds(config.redeliver_after_s);
  // The crash test's fault hook: freeze the fan-out after N sends.
  if (const char* hold = std::getenv("HAZEGATE_FAULT_HOLD_DISPATCH_AFTER")) {
    dispatch.hold_after_published = std::stoull(hold);
  }
  MqttDelivery notifier(*store.value(), clock, *broker,
                        {config.mqtt_topic_prefix, dispatch});
  SmsService sms_service(
      *store.value(), clock,
      {std::chrono::seconds(config.sms.after_s), config.sms.link_base});
  std::optional<SmsDelivery> sms;
  if (config.sms.enabled())
    sms.emplace(*store.value(), clock, sms_service, KannelOptionsOf(config.sms),
                SmsDispatch());
  const auto outbox_written = [&notifier, &sms] {
    notifier.OutboxWritten();
    if (sms) sms->OutboxWritten();
  };
  Scheduler scheduler(
      *store.value(), clock,
      {std::chrono::seconds(1), dispatch.redeliver_after,
       &CaseService::OpenForSilence,
       [&notifier] { return notifier.Connected(); }, outbox_written});
  GatewayOptions options;
  options.host = config.listen_host;
  options.port = config.listen_port;
  options.tls_cert = config.tls_cert;
  options.tls_key = config.tls_key;
  options.worker_threads = kServeThreads;
  options.device_mqtt_uri = config.mqtt_device_uri;
  options.device_mqtt_ws_uri = config.mqtt_device_ws_uri;
  options.mqtt_topic_prefix = config.mqtt_topic_prefix;
  options.reserved_mqtt_username = config.mqtt_username;
  options.blob_dir = config.blobs;
  options.web_root = config.web_root;
  options.bench_discard_route =
      std::getenv("HAZEGATE_BENCH_DISCARD") != nullptr;
  options.mqtt_connected = [&notifier] { return notifier.Connected(); };
  options.outbox_written = outbox_written;
  options.fanout = FanOutOf(config);
  options.extra_metrics = [&notifier, &scheduler, &sms] {
    return notifier.Metrics() + scheduler.Metrics() +
           (sms ? sms->Metrics() : "");
  };
  if (sms) {
    options.sms = &sms_service;
    options.sms_callback_key = config.sms.callback_key;
  }
  options.max_devices_per_org = config.max_devices_per_org;
  std::optional<BrokerAuthority> broker_authority;
  if (config.mqtt_auth_http) {
    broker_authority.emplace(
        *store.value(),
        BrokerAuthorityOptions{config.mqtt_topic_prefix, config.mqtt_username,
                               config.mqtt_password});
    options.broker_authority = &*broker_authority;
  }
  std::optional<BrokerSessions> broker_sessions;
  if (broker_authority && !config.mqtt_management_urls.empty()) {
    broker_sessions.emplace(
        *store.value(), *broker_authority,
        BrokerSessionsOptions{SplitBrokerUris(config.mqtt_management_urls),
                              config.mqtt_username, config.mqtt_password});
  }
  std::optional<BrokerAccountsSync> broker_accounts;
  options.device_created = [&broker_accounts](const std::string& username,
                                              const std::string& password) {
    if (broker_accounts &&
        !broker_accounts->WaitUntilLive(username, password, kDeviceLiveWait)) {
      spdlog::warn("device {}: the broker did not accept it within {} ms",
                   username, kDeviceLiveWait.count());
    }
  };
  Gateway gateway(options, *store.value(), clock);
  Status bound = gateway.Bind();
  if (!bound.ok()) return Report(bound.error());
  notifier.Start();
  if (sms) sms->Start();
  Status resumed =
      ResumeFanOuts(*store.value(), clock, outbox_written, options.fanout);
  if (!resumed.ok()) return Report(resumed.error());
  scheduler.Start();
  if (!config.mqtt_accounts_dir.empty()) {
    broker_accounts.emplace(
        *store.value(), BrokerAccountsOptions{config.mqtt_accounts_dir,
                                              config.mqtt_broker_pid_file,
                                              config.mqtt_topic_prefix,
                                              config.mqtt_username,
                                              config.mqtt_password,
                                              std::chrono::milliseconds(250),
                                              {config.mqtt_uri, "", "", "",
                                               config.mqtt_ca_file}});
    broker_accounts->Start();
  }
  if (broker_sessions) broker_sessions->Start();
  std::thread signal_waiter([&] {
    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("signal {}: finishing in-flight requests", received);
    gateway.Stop();
  });
  spdlog::info("hazegate serving {}://{}:{}, broker {}",
               config.tls_enabled() ? "https" : "http", config.listen_host,
               gateway.port(), config.mqtt_uri);
  gateway.Serve();
  pthread_kill(signal_waiter.native_handle(), SIGTERM);  // if still waiting
  signal_waiter.join();
  scheduler.Stop();
  if (sms) sms->Stop();
  notifier.Stop();
  spdlog::info("hazegate stopped");
  return kExitOk;
}

void PrintIssues(const std::string& path,
                 const std::vector<PlanIssue>& issues) {
  for (const PlanIssue& issue : issues) {
    std::cout << path << ":" << issue.pointer << ": " << issue.message << "\n";
  }
}

// Reads and validates; prints issues. nullopt when the plan is not usable.
std::optional<nlohmann::json> CheckedPlan(const std::string& path) {
  std::vector<PlanIssue> issues;
  auto plan = ReadPlanFile(path, &issues);
  if (plan.ok()) issues = ValidatePlan(plan.value());
  PrintIssues(path, issues);
  if (!issues.empty()) return std::nullopt;
  return std::move(plan).value();
}

// Issues, then the reduction shortfalls as warnings on stderr.
int PlanCheckCommand(const std::string& path) {
  const auto plan = CheckedPlan(path);
  if (!plan) return kExitBadInput;
  for (const PlanIssue& issue : ReductionShortfalls(*plan)) {
    std::cerr << path << ":" << issue.pointer << ": warning: " << issue.message
              << "\n";
  }
  return kExitOk;
}

int PlanLoadCommand(const std::string& config_path, const std::string& path) {
  const auto plan = CheckedPlan(path);
  if (!plan) return kExitBadInput;
  ServerConfig config;
  auto store = OpenStore(config_path, &config);
  if (!store.ok()) return Report(store.error());
  SystemClock clock;
  Status loaded = LoadPlan(*store.value(), *plan, "cli", clock);
  if (!loaded.ok()) return Report(loaded.error());
  std::cerr << "loaded " << path << " into " << config.database << "\n";
  return kExitOk;
}

int AccountCreateCommand(const std::string& config_path, NewAccount account,
                         bool password_stdin) {
  if (password_stdin) {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    account.password = password;
  }
  ServerConfig config;
  auto store = OpenStore(config_path, &config);
  if (!store.ok()) return Report(store.error());
  SystemClock clock;
  Accounts accounts(*store.value(), clock);
  auto issued = accounts.Create(account, "cli");
  if (!issued.ok()) return Report(issued.error());
  std::cout << issued.value().token << "\n";
  return kExitOk;
}

// hazegate account revoke: every token revoked. With `disable` (hazegate
// account disable) also refuses logins, then deletes the devices the
// account created (the server's broker sync drops them within its
// interval). Run again after a failure: each step is idempotent.
int AccountEndCommand(const std::string& config_path,
                      const std::string& username, bool disable) {
  ServerConfig config;
  auto store = OpenStore(config_path, &config);
  if (!store.ok()) return Report(store.error());
  SystemClock clock;
  Accounts accounts(*store.value(), clock);
  Status ended = disable ? accounts.Disable(username, "cli")
                         : accounts.Revoke(username, "cli");
  if (!ended.ok()) return Report(ended.error());
  if (!disable) {
    std::cerr << "revoked every token of " << username << "\n";
    return kExitOk;
  }
  DeviceService devices(*store.value(), clock, config.mqtt_device_uri,
                        config.mqtt_username);
  auto deleted = devices.DeleteCreatedBy(username, "cli");
  if (!deleted.ok()) return Report(deleted.error());
  std::cerr << "disabled " << username << ": every token revoked, "
            << deleted.value() << " devices deleted\n";
  return kExitOk;
}

int MqttCredentialsCommand(const std::string& config_path,
                           const std::string& org) {
  ServerConfig config;
  auto store = OpenStore(config_path, &config);
  if (!store.ok()) return Report(store.error());
  SystemClock clock;
  auto password = IssueMqttPassword(*store.value(), clock, org, "cli");
  if (!password.ok()) return Report(password.error());
  std::cout << nlohmann::json{{"username", org}, {"password", password.value()}}
                   .dump()
            << "\n";
  return kExitOk;
}

int MqttConfigCommand(const std::string& config_path, const std::string& out) {
  ServerConfig config;
  auto store = OpenStore(config_path, &config);
  if (!store.ok()) return Report(store.error());
  auto files = BuildMosquittoFiles(*store.value(), config.mqtt_topic_prefix,
                                   config.mqtt_username, config.mqtt_password);
  if (!files.ok()) return Report(files.error());
  std::error_code ignored;
  std::filesystem::create_directories(out, ignored);
  for (const auto& [name, content] :
       {std::pair{"passwd", &files.value().passwd},
        std::pair{"acl", &files.value().acl}}) {
    auto written = WritePrivateFileAtomically(out, name, *content);
    if (!written.ok()) return Report(written.error());
  }
  std::cerr << "wrote " << out << "/passwd and " << out << "/acl\n";
  return kExitOk;
}

int DeviceImportCommand(const std::string& config_path,
                        const std::string& csv_path) {
  std::ifstream file(csv_path, std::ios::binary);
  if (!file) {
    return Report(Error::InvalidField("CSV", "cannot read " + csv_path));
  }
  const std::string csv((std::istreambuf_iterator<char>(file)),
                        std::istreambuf_iterator<char>());
  ServerConfig config;
  auto store = OpenStore(config_path, &config);
  if (!store.ok()) return Report(store.error());
  SystemClock clock;
  Accounts accounts(*store.value(), clock);
  DeviceService devices(*store.value(), clock, config.mqtt_device_uri,
                        config.mqtt_username, config.max_devices_per_org,
                        config.mqtt_device_ws_uri);
  auto imported =
      ImportDevices(*store.value(), clock, accounts, devices, csv, "cli");
  if (!imported.ok()) return Report(imported.error());
  // One object per line: {org, username, password, device_id, mqtt:{uri,
  // username, password, client_id}}.
  for (const ImportedDevice& line : imported.value()) {
    const nlohmann::json out = {{"org", line.device.org},
                                {"username", line.username},
                                {"password", line.password},
                                {"device_id", line.device.id},
                                {"mqtt", MqttLoginToJson(line.device.mqtt)}};
    std::cout << out.dump() << "\n";
  }
  std::cerr << "imported " << imported.value().size() << " devices\n";
  return kExitOk;
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{
      "hazegate: heavy-pollution-weather warnings, orders and "
      "inspections"};
  app.require_subcommand(1);
  std::string config_path, plan_path, username;
  NewAccount account;
  bool password_stdin = false;
  int exit_code = kExitOk;

  auto* serve = app.add_subcommand("serve", "run the server");
  serve->add_option("--config", config_path, "server TOML")->required();
  serve->callback([&] { exit_code = ServeCommand(config_path); });

  auto* plan = app.add_subcommand("plan", "response plans");
  plan->require_subcommand(1);
  auto* check = plan->add_subcommand("check", "validate a plan file");
  check->add_option("PLAN", plan_path)->required();
  check->callback([&] { exit_code = PlanCheckCommand(plan_path); });
  auto* load = plan->add_subcommand("load", "validate and load a plan");
  load->add_option("--config", config_path, "server TOML")->required();
  load->add_option("PLAN", plan_path)->required();
  load->callback([&] { exit_code = PlanLoadCommand(config_path, plan_path); });

  auto* accounts = app.add_subcommand("account", "accounts");
  accounts->require_subcommand(1);
  auto* create = accounts->add_subcommand("create", "create an account");
  create->add_option("--config", config_path, "server TOML")->required();
  create->add_option("--username", account.username)->required();
  create->add_option("--role", account.role)->required();
  create->add_option("--org", account.org);
  create->add_flag("--password-stdin", password_stdin,
                   "read the password from the first line of stdin");
  create->callback([&] {
    exit_code = AccountCreateCommand(config_path, account, password_stdin);
  });
  auto* revoke = accounts->add_subcommand("revoke", "revoke every token");
  revoke->add_option("--config", config_path, "server TOML")->required();
  revoke->add_option("--username", username)->required();
  revoke->callback(
      [&] { exit_code = AccountEndCommand(config_path, username, false); });
  auto* disable = accounts->add_subcommand(
      "disable", "revoke every token, refuse logins, delete its devices");
  disable->add_option("--config", config_path, "server TOML")->required();
  disable->add_option("--username", username)->required();
  disable->callback(
      [&] { exit_code = AccountEndCommand(config_path, username, true); });

  std::string org, out_dir;
  auto* mqtt = app.add_subcommand("mqtt", "broker identities");
  mqtt->require_subcommand(1);
  auto* credentials =
      mqtt->add_subcommand("credentials", "issue or rotate an org's password");
  credentials->add_option("--config", config_path, "server TOML")->required();
  credentials->add_option("--org", org)->required();
  credentials->callback(
      [&] { exit_code = MqttCredentialsCommand(config_path, org); });
  auto* files =
      mqtt->add_subcommand("config", "write Mosquitto's passwd and acl files");
  files->add_option("--config", config_path, "server TOML")->required();
  files->add_option("--out", out_dir)->required();
  files->callback([&] { exit_code = MqttConfigCommand(config_path, out_dir); });
  std::string listen;
  std::vector<std::string> gateways;
  auto* regional = mqtt->add_subcommand(
      "regional-auth",
      "answer a shared broker's account questions for several prefectures");
  regional->add_option("--listen", listen, "host:port (loopback)")->required();
  regional
      ->add_option("--gateway", gateways,
                   "a prefecture's gateway, http://host:port (repeat)")
      ->required();
  regional->callback(
      [&] { exit_code = RegionalAuthCommand(listen, gateways); });

  std::string csv_path;
  auto* device = app.add_subcommand("device", "devices' broker accounts");
  device->require_subcommand(1);
  auto* import = device->add_subcommand(
      "import", "create accounts and devices from org,username,device_name");
  import->add_option("--config", config_path, "server TOML")->required();
  import->add_option("CSV", csv_path)->required();
  import->callback(
      [&] { exit_code = DeviceImportCommand(config_path, csv_path);
});

try {
  app.parse(argc, argv);
} catch (const CLI::ParseError& e) {
  const int code = app.exit(e);
  return code == 0 ? kExitOk : kExitBadInput;
}
return exit_code;
}  // namespace hazegate

}  // namespace hazegate
