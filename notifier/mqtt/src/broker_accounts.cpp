#include "hazegate/mqtt/broker_accounts.h"

#include <fcntl.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "hazegate/core/store.h"
#include "hazegate/mqtt/devices.h"
#include "hazegate/mqtt/mqtt_identity.h"

namespace hazegate {

namespace {

int64_t AccountsVersion(Store& store) {
  ReadTx tx(store);
  return BrokerAccountsVersion(tx);
}

Status SignalBroker(const std::string& pid_file) {
  std::ifstream file(pid_file);
  pid_t pid = 0;
  if (!(file >> pid) || pid <= 1) {
    return Error::Internal("no broker pid in " + pid_file);
  }
  if (::kill(pid, SIGHUP) != 0) {
    return Error::Internal("SIGHUP to broker " + std::to_string(pid) + ": " +
                           std::strerror(errno));
  }
  return Ok{};
}

}  // namespace

Status WritePrivateFileAtomically(const std::string& dir,
                                  const std::string& name,
                                  const std::string& content) {
  const std::string path = dir + "/" + name;
  const std::string temporary = path + ".tmp";
  const int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Error::Internal("cannot write " + temporary + ": " +
                           std::strerror(errno));
  }
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n =
        ::write(fd, content.data() + written, content.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const bool ok = written == content.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return Error::Internal("cannot write " + path + ": " +
                           std::strerror(errno));
  }
  return Ok{};
}

BrokerAccountsSync::BrokerAccountsSync(Store& store,
                                       BrokerAccountsOptions options)
    : store_(store),
      options_(std::move(options)),
      worker_([this] { Turn(); }, options_.interval) {}

BrokerAccountsSync::~BrokerAccountsSync() { Stop(); }

Status BrokerAccountsSync::SyncIfChanged() {
  std::lock_guard lock(sync_mutex_);
  try {
    const int64_t version = AccountsVersion(store_);
    if (version == applied_version_) return Ok{};
    auto files = BuildMosquittoFiles(store_, options_.topic_prefix,
                                     options_.gateway_username,
                                     options_.gateway_password);
    if (!files.ok()) return files.error();
    for (const auto& [name, content] :
         {std::pair{"passwd", &files.value().passwd},
          std::pair{"acl", &files.value().acl}}) {
      auto written = WritePrivateFileAtomically(options_.dir, name, *content);
      if (!written.ok()) return written;
    }
    if (!options_.pid_file.empty()) {
      auto signaled = SignalBroker(options_.pid_file);
      if (!signaled.ok()) return signaled;
    }
    applied_version_ = version;
    ++syncs_total_;
    return Ok{};
  } catch (const std::exception& e) {
    return Error::Internal(std::string("syncing broker accounts: ") + e.what());
  }
}

bool BrokerAccountsSync::WaitUntilLive(const std::string& username,
                                       const std::string& password,
                                       std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const Status synced = SyncIfChanged();
  if (!synced.ok() || options_.probe.uri.empty()) return false;
  MqttSettings login = options_.probe;
  login.client_id = username;
  login.username = username;
  login.password = password;
  // Mosquitto reloads on its next loop turn after the SIGHUP.
  while (std::chrono::steady_clock::now() < deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (BrokerAcceptsLogin(login, std::max(left, std::chrono::milliseconds(1))))
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void BrokerAccountsSync::Start() { worker_.Start(); }

void BrokerAccountsSync::Stop() { worker_.Stop(); }

void BrokerAccountsSync::Turn() {
  const Status synced = SyncIfChanged();
  // Logged once per distinct failure; tried again at the next interval.
  const std::string error = synced.ok() ? "" : synced.error().internal_text;
  if (!error.empty() && error != last_error_) {
    spdlog::error("broker accounts: {}", error);
  }
  last_error_ = error;
}

}  // namespace hazegate
