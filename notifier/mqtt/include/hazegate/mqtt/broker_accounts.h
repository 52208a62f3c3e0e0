// Carries the broker accounts of the database (org-wide credentials and
// devices) to a Mosquitto on this host: whenever they change it rewrites
// DIR/passwd and DIR/acl (atomically, owner-only) and sends SIGHUP to the
// broker named by its pid file. Mosquitto then reloads them without
// dropping anyone else, refuses removed accounts and disconnects their live
// sessions. Measured against the dynamic-security plugin in
// docs/security.md.
// One thread of its own; Start/Stop from one thread; Store outlives it.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"
#include "hazegate/core/worker.h"
#include "hazegate/mqtt/broker_client.h"

namespace hazegate {

struct BrokerAccountsOptions {
  std::string dir;       // where the broker reads passwd and acl
  std::string pid_file;  // the broker's; "" = write files, signal no one
  std::string topic_prefix = "hazegate";
  std::string gateway_username;  // the server's own account, if any
  std::string gateway_password;
  std::chrono::milliseconds interval{250};  // how often to look for changes
  // Where WaitUntilLive logs in to check an account (the broker's loopback
  // listener and its CA; "" uri = it checks nothing).
  MqttSettings probe;
};

// Writes `content` to DIR/name through a temporary file and a rename,
// readable by the owner only.
Status WritePrivateFileAtomically(const std::string& dir,
                                  const std::string& name,
                                  const std::string& content);

class BrokerAccountsSync {
 public:
  BrokerAccountsSync(Store& store, BrokerAccountsOptions options);
  ~BrokerAccountsSync();

  void Start();  // syncs once at once, then whenever the accounts change
  void Stop();

  // Writes the files and signals the broker if the accounts changed since
  // the last sync (always on the first call). Thread-safe.
  Status SyncIfChanged();

  // Syncs now, then returns once the broker accepts `username` with
  // `password` (a device just created), or false after `timeout`.
  bool WaitUntilLive(const std::string& username, const std::string& password,
                     std::chrono::milliseconds timeout);

  uint64_t syncs_total() const { return syncs_total_; }

 private:
  void Turn();

  Store& store_;
  const BrokerAccountsOptions options_;
  std::mutex sync_mutex_;  // one sync at a time; guards applied_version_
  int64_t applied_version_ = -1;
  std::atomic<uint64_t> syncs_total_ = 0;
  std::string last_error_;  // the worker's: logged once per distinct failure
  Worker worker_;           // last: stopped before the rest is destroyed
};

}  // namespace hazegate
