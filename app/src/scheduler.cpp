#include "hazegate/app/scheduler.h"

#include <spdlog/spdlog.h>

#include <sstream>

#include "hazegate/oversight/accountability.h"
#include "hazegate/oversight/bulletins.h"
#include "hazegate/oversight/reporting.h"
#include "hazegate/warnings/warning_rows.h"

namespace hazegate {

Scheduler::Scheduler(Store& store, const Clock& clock, SchedulerOptions options)
    : store_(store),
      clock_(clock),
      options_(std::move(options)),
      deadlines_(store, clock, options_.on_silent_enterprise),
      redeliverer_(store, options_.redeliver_after),
      worker_([this] { Turn(); }, options_.interval) {}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Start() { worker_.Start(); }

void Scheduler::Stop() { worker_.Stop(); }

void Scheduler::Turn() {
  const bool overdue = Deadlines();
  Redeliver();
  ChaseReports();
  if (Minutely(overdue)) {
    const TimePoint now = clock_.Now();
    FindLeads(now);
    CompileDailyBulletin(now);
  }
}

// At once when orders went overdue (their leads), else at most once a
// minute (reports, cases, late acknowledgements; the plan's bulletin hour).
bool Scheduler::Minutely(bool overdue) {
  const TimePoint now = clock_.Now();
  if (!overdue && minutely_ && now - *minutely_ < std::chrono::minutes(1)) {
    return false;
  }
  minutely_ = now;
  return true;
}

// Officials' failures (accountability.h).
void Scheduler::FindLeads(TimePoint now) {
  try {
    WriteTx tx(store_);
    const int opened = internal::FindLeads(tx, now);
    tx.Commit();
    if (opened > 0) spdlog::info("accountability: {} leads opened", opened);
  } catch (const std::exception& e) {
    spdlog::error("accountability: {}", e.what());
  }
}

// The plan's daily bulletin once its hour has come (bulletins.h).
void Scheduler::CompileDailyBulletin(TimePoint now) {
  try {
    WriteTx tx(store_);
    if (internal::CompileDailyBulletin(tx, now)) {
      tx.Commit();
      spdlog::info("bulletin: today's daily draft compiled");
    }
  } catch (const std::exception& e) {
    spdlog::error("bulletin: {}", e.what());
  }
}

void Scheduler::Wake() const {
  if (options_.outbox_written) options_.outbox_written();
}

bool Scheduler::Deadlines() {
  auto overdue = deadlines_.Tick();
  if (!overdue.ok()) {
    spdlog::error("deadlines: {}", overdue.error().internal_text);
    return false;
  }
  if (overdue.value() == 0) return false;
  spdlog::info("deadlines: {} orders overdue", overdue.value());
  Wake();
  return true;
}

// Only while the link is up: queued meanwhile, they would pile up behind
// the outage for orders that may well have arrived.
void Scheduler::Redeliver() {
  if (options_.link_up && !options_.link_up()) return;
  auto queued = redeliverer_.Tick(clock_.Now());
  if (!queued.ok()) {
    spdlog::error("redelivery: {}", queued.error().internal_text);
  } else if (queued.value() > 0) {
    spdlog::info("redelivery: {} orders without receipt sent again",
                 queued.value());
    Wake();
  }
}

// Reminders and escalations of implementation reports past due.
void Scheduler::ChaseReports() {
  try {
    WriteTx tx(store_);
    const int sent = internal::TickReporting(tx, clock_.Now());
    tx.Commit();
    if (sent > 0) {
      spdlog::info("reporting: {} reminders and escalations", sent);
      Wake();
    }
  } catch (const std::exception& e) {
    spdlog::error("reporting: {}", e.what());
  }
}

namespace {

// The orders in force by how they reached their orgs (issue 21).
void ReachMetrics(const internal::OrderReach& r, std::ostream& out) {
  out << "# HELP hazegate_orders_reach Orders in force by how they reached "
         "their org: received live (mqtt) or in a list (https), SMS sent, "
         "delivered, failed; reached = received or SMS delivered.\n"
         "# TYPE hazegate_orders_reach gauge\n";
  for (const auto& [channel, n] : {std::pair{"live", r.live},
                                   {"https", r.https},
                                   {"sms_sent", r.sms_sent},
                                   {"sms_delivered", r.sms_delivered},
                                   {"sms_failed", r.sms_failed},
                                   {"reached", r.reached}}) {
    out << "hazegate_orders_reach{channel=\"" << channel << "\"} " << n << "\n";
  }
  out << "# HELP hazegate_orders_acknowledged_via Orders in force "
         "acknowledged, by channel.\n# TYPE hazegate_orders_acknowledged_via "
         "gauge\n";
  for (const auto& [channel, n] : {std::pair{"app", r.acked_app},
                                   {"https", r.acked_https},
                                   {"sms", r.acked_sms}}) {
    out << "hazegate_orders_acknowledged_via{channel=\"" << channel << "\"} "
        << n << "\n";
  }
}

}  // namespace

std::string Scheduler::Metrics() const {
  std::ostringstream out;
  out << "# HELP hazegate_orders_redelivered_total Orders published again "
         "for want of a receipt.\n# TYPE hazegate_orders_redelivered_total "
         "counter\nhazegate_orders_redelivered_total "
      << redeliverer_.redelivered_total() << "\n";
  try {
    ReadTx tx(store_);
    const auto [expected, arrived] = internal::ArrivalInForce(tx);
    out << "# HELP hazegate_orders_in_force Orders (not canceled) of the "
           "active warnings.\n# TYPE hazegate_orders_in_force gauge\n"
           "hazegate_orders_in_force "
        << expected
        << "\n# HELP hazegate_orders_received Of those, orders a device or "
           "the org's account has received.\n# TYPE hazegate_orders_received "
           "gauge\nhazegate_orders_received "
        << arrived
        << "\n# HELP hazegate_orders_arrival_ratio Received / in force "
           "(到达率); 1 when there are none.\n# TYPE "
           "hazegate_orders_arrival_ratio gauge\n"
           "hazegate_orders_arrival_ratio "
        << (expected > 0 ? static_cast<double>(arrived) / expected : 1.0)
        << "\n";
    ReachMetrics(internal::ReachInForce(tx), out);
  } catch (const std::exception& e) {
    spdlog::error("metrics: arrival: {}", e.what());
  }
  return out.str();
}

}  // namespace hazegate
