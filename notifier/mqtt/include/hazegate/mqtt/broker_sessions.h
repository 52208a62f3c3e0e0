// A clustered broker's live sessions kept in step with the accounts
// (contract v3 §6): RabbitMQ asks hazegate at login (broker_authority.h)
// but keeps a session open after its account is gone, so whenever the
// accounts change this closes, through the management API of the first node
// that answers, every MQTT connection whose user is no longer an account —
// a deleted device is cut off as Mosquitto cuts it off on SIGHUP. One thread
// of its own; Start/Stop from one thread; Store and the authority outlive it.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "hazegate/core/tx.h"
#include "hazegate/core/worker.h"
#include "hazegate/mqtt/broker_authority.h"

namespace hazegate {

struct BrokerSessionsOptions {
  // http://HOST:PORT of each node's management listener, tried in order.
  std::vector<std::string> management_urls;
  std::string username, password;           // the server's broker account
  std::chrono::milliseconds interval{250};  // how often to look for changes
};

class BrokerSessions {
 public:
  BrokerSessions(Store& store, const BrokerAuthority& authority,
                 BrokerSessionsOptions options);
  ~BrokerSessions();

  void Start();  // sweeps at once, then whenever the accounts change
  void Stop();

  uint64_t closed_total() const { return closed_total_; }

 private:
  void Turn();
  // Closes the sessions of users that are no account; false if no node's
  // management API answered.
  bool Sweep();

  Store& store_;
  const BrokerAuthority& authority_;
  const BrokerSessionsOptions options_;
  int64_t swept_version_ = -1;
  std::atomic<uint64_t> closed_total_ = 0;
  Worker worker_;  // last: stopped before the rest is destroyed
};

}  // namespace hazegate
