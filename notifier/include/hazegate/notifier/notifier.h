// Notifier: the running side of warnings — the dispatcher draining the
// outbox, the intake of acknowledgements published on P/orgs/{org}/acks, and
// the deadline scheduler. Owns its threads; Start/Stop from one thread.
// Store, Clock and BrokerClient outlive it.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "hazegate/core/clock.h"
#include "hazegate/core/store.h"
#include "hazegate/notifier/broker_client.h"
#include "hazegate/notifier/deadlines.h"
#include "hazegate/notifier/dispatcher.h"

namespace hazegate {

struct NotifierOptions {
  std::string topic_prefix = "hazegate";
  std::chrono::milliseconds deadline_interval{1000};
  Dispatcher::Options dispatch;
  SilenceHandler on_silent_enterprise;  // the cases module's (see deadlines.h)
};

class Notifier {
 public:
  Notifier(Store& store, const Clock& clock, BrokerClient& broker,
           NotifierOptions options);
  ~Notifier();

  void Start();
  void Stop();

  // Call after committing outbox rows: wakes the dispatcher.
  void OutboxWritten();
  bool Connected() const;

  // Prometheus text: broker link, outbox, acknowledgements by result.
  std::string Metrics() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hazegate
