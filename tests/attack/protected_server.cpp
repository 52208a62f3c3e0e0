#include "protected_server.h"

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "mqtt_support.h"

namespace hazegate::testing {

namespace fs = std::filesystem;

namespace {

pid_t Spawn(const std::vector<std::string>& argv, const std::string& log) {
  const pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // no orphan if the test dies
    setpgid(0, 0);
    // Under AddressSanitizer (scripts/test.sh --sanitize) freed memory waits
    // in a 256 MiB quarantine by default, which would be counted as the
    // server's own: keep it small so the RSS limit measures the server.
    // Each thread also keeps 1 MiB of its own (64 workers: 64 MiB), kept at
    // 64 KiB here for the same reason.
    const char* asan = getenv("ASAN_OPTIONS");
    const std::string options =
        std::string(asan ? asan : "") + (asan && *asan ? ":" : "") +
        "quarantine_size_mb=16:thread_local_quarantine_size_kb=64";
    setenv("ASAN_OPTIONS", options.c_str(), 1);
    const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    std::vector<char*> args;
    for (const std::string& arg : argv) {
      args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  return pid;
}

void Stop(pid_t pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

// A field of /proc/PID/status in kB ("VmHWM").
long StatusKib(pid_t pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::stol(line.substr(field.size() + 1));
    }
  }
  return 0;
}

double CpuSeconds(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), {});
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; fields >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) {
      stime = std::stol(field);
      break;
    }
  }
  return static_cast<double>(utime + stime) / sysconf(_SC_CLK_TCK);
}

// The process and its children (nginx's workers).
std::vector<pid_t> WithChildren(pid_t pid) {
  std::vector<pid_t> pids = {pid};
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    const size_t close = text.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(text.substr(close + 2));
    std::string state;
    pid_t parent = 0;
    fields >> state >> parent;
    if (parent == pid) pids.push_back(std::stoi(name));
  }
  return pids;
}

ProcessUse UseOf(const std::vector<pid_t>& pids) {
  ProcessUse use;
  for (pid_t pid : pids) {
    // Less the mapped files (the binary's code: 130 MiB of an ASan build),
    // which are the build's, not the server's use.
    use.peak_rss_kib = std::max(
        use.peak_rss_kib, StatusKib(pid, "VmHWM") - StatusKib(pid, "RssFile"));
    use.cpu_seconds += CpuSeconds(pid);
  }
  return use;
}

}  // namespace

ProtectedServer::ProtectedServer(const TempDir& dir) : dir_(dir) {
  if (!MakeDevCerts(dir_.path() / "tls")) {
    throw std::runtime_error("cannot make dev certificates");
  }
  port_ = FreePort();
  upstream_port_ = FreePort();
  mqtt_port_ = FreePort();
  mqtts_port_ = FreePort();
  mqtt_wss_port_ = FreePort();
  std::ofstream(config()) << "[server]\nlisten = \"127.0.0.1:" << upstream_port_
                          << "\"\ntls_cert = \"\"\n"
                          << "tls_key = \"\"\n[store]\n"
                          << "database = \"hazegate.db\"\nblobs = \"blobs\"\n"
                          << "[mqtt]\nuri = \"tcp://127.0.0.1:" << mqtt_port_
                          << "\"\nusername = \"hazegate\"\n"
                          << "password = \"" << kGatewayMqttPassword << "\"\n"
                          << "device_uri = \"ssl://127.0.0.1:" << mqtts_port_
                          << "\"\ndevice_ws_uri = \"wss://127.0.0.1:" << port_
                          << "/mqtt\"\naccounts_dir = \"mosquitto\"\n"
                          << "broker_pid_file = \"mosquitto/mosquitto.pid\"\n";
  const std::string bin = HAZEGATE_BINARY;
  CommandOutput(bin + " plan load --config " + config() + " " +
                HAZEGATE_SOURCE_DIR + "/config/plans/changji.json 2>&1");
  CreateAccounts();
  StartBroker();
  gateway_pid_ =
      Spawn({bin, "serve", "--config", config()}, dir_.File("gateway.log"));
  const std::string door = dir_.File("frontdoor");
  CommandOutput(std::string(HAZEGATE_SOURCE_DIR) + "/scripts/frontdoor.sh " +
                door + " 127.0.0.1:" + std::to_string(port_) +
                " 127.0.0.1:" + std::to_string(upstream_port_) + " " +
                dir_.File("tls/server.crt") + " " +
                dir_.File("tls/server.key") +
                " 128 127.0.0.1:" + std::to_string(mqtt_wss_port_));
  nginx_pid_ = Spawn(
      {"nginx", "-p", door, "-c", door + "/nginx.conf", "-g", "daemon off;"},
      dir_.File("nginx.log"));
  WaitUntilServing();
}

ProtectedServer::~ProtectedServer() {
  Stop(nginx_pid_);
  Stop(gateway_pid_);
  Stop(broker_pid_);
}

// The broker as run.sh runs it (scripts/broker-config.sh, the files the
// server keeps), on free loopback ports.
void ProtectedServer::StartBroker() {
  const std::string root = HAZEGATE_SOURCE_DIR;
  CommandOutput(root + "/scripts/broker-config.sh '" + dir_.path().string() +
                "' " + std::to_string(mqtt_port_) + " " +
                std::to_string(mqtts_port_) + " " +
                std::to_string(mqtt_wss_port_));
  CommandOutput(std::string(HAZEGATE_BINARY) + " mqtt config --config " +
                config() + " --out " + dir_.File("mosquitto") + " 2>&1");
  broker_pid_ =
      Spawn({"mosquitto", "-c", dir_.File("mosquitto/mosquitto.conf")},
            dir_.File("broker.log"));
  if (!Eventually(
          [&] { return MqttLoginCode(mqtt_port_, "probe", "", "") >= 0; },
          std::chrono::seconds(10))) {
    const std::string log = ReadFile(dir_.File("broker.log"));
    throw std::runtime_error(
        "the broker did not start on " + std::to_string(mqtt_port_) + "/" +
        std::to_string(mqtts_port_) + ": " +
        log.substr(log.size() > 2000 ? log.size() - 2000 : 0));
  }
}

void ProtectedServer::CreateAccounts() {
  const std::map<std::string, std::string> orgs = {
      {"admin", ""},
      {"command", "command"},
      {"office", "office"},
      {"unit", "unit-sthj"},
      {"county", "county-652301"},
      {"county2", "county-652302"},
      {"inspector", "group-inspection"},
      {"county_inspector", "county-652302"},
      {"enterprise", "ent-001"},
      {"school", "sch-001"}};
  for (const auto& [name, org] : orgs) {
    const std::string role = name == "county2"            ? "county"
                             : name == "county_inspector" ? "inspector"
                                                          : name;
    tokens_[name] = CommandOutput(
        "printf '%s\\n' " + password(name) + " | " +
        std::string(HAZEGATE_BINARY) + " account create --config " + config() +
        " --username user-" + name + " --role " + role +
        (org.empty() ? "" : " --org " + org) + " --password-stdin");
    orgs_[name] = org;
  }
}

void ProtectedServer::WaitUntilServing() const {
  httplib::SSLClient client("127.0.0.1", port_);
  client.set_ca_cert_path(ca_file().c_str());
  client.enable_server_certificate_verification(true);
  client.set_connection_timeout(std::chrono::milliseconds(200));
  const bool up = Eventually(
      [&] {
        auto res = client.Get("/livez");
        return res && res->status == 200;
      },
      std::chrono::seconds(15));
  if (!up) {
    const auto tail = [this](const std::string& name) {
      const std::string log = ReadFile(dir_.File(name));
      return name + ": " +
             log.substr(log.size() > 1500 ? log.size() - 1500 : 0) + "\n";
    };
    throw std::runtime_error("the server did not answer through nginx (port " +
                             std::to_string(port_) + ", gateway " +
                             std::to_string(upstream_port_) + ")\n" +
                             tail("nginx.log") + tail("frontdoor/error.log") +
                             tail("gateway.log"));
  }
}

ProcessUse ProtectedServer::GatewayUse() const { return UseOf({gateway_pid_}); }

ProcessUse ProtectedServer::FrontDoorUse() const {
  return UseOf(WithChildren(nginx_pid_));
}

void ProtectedServer::ResetPeaks() const {
  std::vector<pid_t> pids = WithChildren(nginx_pid_);
  pids.push_back(gateway_pid_);
  for (pid_t pid : pids) {
    std::ofstream("/proc/" + std::to_string(pid) + "/clear_refs") << "5";
  }
}

bool ProtectedServer::GatewayAlive() const {
  return waitpid(gateway_pid_, nullptr, WNOHANG) == 0;
}

}  // namespace hazegate::testing
