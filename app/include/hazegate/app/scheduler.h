// Scheduler: the server's clockwork, one thread. Each pass marks orders past
// their deadline overdue (escalating them, and telling the cases module of
// a silent enterprise), queues redeliveries of orders not received while the
// MQTT link is up, and sends report reminders and escalations; whatever it
// queues it announces through `outbox_written`. When orders go overdue,
// and once a minute besides, it looks for officials' failures:
// accountability leads; once a minute it compiles the plan's daily
// bulletin when its hour has come. Start/Stop
// from one thread; Store and Clock outlive it.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "hazegate/core/clock.h"
#include "hazegate/core/tx.h"
#include "hazegate/core/worker.h"
#include "hazegate/orders/deadlines.h"
#include "hazegate/orders/redelivery.h"

namespace hazegate {

struct SchedulerOptions {
  std::chrono::milliseconds interval{1000};
  // Delivered without a receipt this long: sent again (see redelivery.h).
  std::chrono::seconds redeliver_after{60};
  SilenceHandler on_silent_enterprise;  // the cases module's
  std::function<bool()> link_up;        // redeliveries only while true
  std::function<void()> outbox_written;
};

class Scheduler {
 public:
  Scheduler(Store& store, const Clock& clock, SchedulerOptions options);
  ~Scheduler();

  void Start();
  void Stop();

  // Prometheus text: redeliveries, and the arrival of the orders in force.
  std::string Metrics() const;

 private:
  void Turn();
  bool Deadlines();  // true if orders went overdue
  void Redeliver();
  void ChaseReports();
  bool Minutely(bool overdue);  // true: time for the minutely work
  void FindLeads(TimePoint now);
  void CompileDailyBulletin(TimePoint now);
  void Wake() const;

  Store& store_;
  const Clock& clock_;
  SchedulerOptions options_;
  DeadlineScheduler deadlines_;
  internal::Redeliverer redeliverer_;
  std::optional<TimePoint> minutely_;  // the last minutely pass
  Worker worker_;  // last: stopped before the rest is destroyed
};

}  // namespace hazegate
