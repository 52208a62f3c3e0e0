#include "hazegate/notifier/notifier.h"

#include <spdlog/spdlog.h>

#include <sstream>

#include "device_intake.h"
#include "hazegate/notifier/deadlines.h"
#include "hazegate/notifier/mqtt_channel.h"
#include "hazegate/notifier/orders.h"
#include "redelivery.h"
#include "reporting.h"

namespace hazegate {

class Notifier::Impl {
 public:
  Impl(Store& store, const Clock& clock, BrokerClient& broker,
       NotifierOptions options)
      : options_(std::move(options)),
        broker_(broker),
        orders_(store, clock),
        channel_(broker, options_.topic_prefix,
                 {internal::Topics(options_.topic_prefix).AllAcks(),
                  internal::Topics(options_.topic_prefix).AllReceipts()}),
        dispatcher_(store, channel_, clock, options_.dispatch),
        intake_(
            orders_, clock, internal::Topics(options_.topic_prefix),
            [this] { dispatcher_.Wake(); },
            [this](const std::vector<std::string>& addresses) {
              if (orders_.ClearRetained(addresses).ok()) dispatcher_.Wake();
            }),
        deadlines_(store, clock, options_.on_silent_enterprise),
        redeliverer_(store, options_.dispatch.redeliver_after),
        store_(store),
        clock_(clock) {}

  void Start() {
    intake_.Start();
    dispatcher_.Start();
    broker_.Start({
        [this](uint64_t tag) { dispatcher_.OnDelivered(tag); },
        [this](uint64_t tag) { dispatcher_.OnFailed(tag); },
        [this](bool up) { dispatcher_.OnConnection(up); },
        [this](const std::string& topic, const std::string& payload) {
          intake_.OnMessage(topic, payload);
        },
    });
    {
      std::lock_guard lock(mutex_);
      running_ = true;
    }
    scheduler_ = std::thread([this] { RunDeadlines(); });
  }

  void Stop() {
    {
      std::lock_guard lock(mutex_);
      if (!running_) return;
      running_ = false;
    }
    wake_.notify_all();
    scheduler_.join();
    broker_.Stop();
    dispatcher_.Stop();
    intake_.Stop();
  }

  void OutboxWritten() { dispatcher_.Wake(); }
  bool Connected() const { return broker_.Connected(); }

  // Unix time with microseconds, "0" when unset.
  static std::string UnixSeconds(const std::optional<TimePoint>& at) {
    if (!at) return "0";
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            at->time_since_epoch())
                            .count();
    return fmt::format("{}.{:06}", micros / 1000000, micros % 1000000);
  }

  std::string Metrics() const {
    const auto acks = intake_.counts();
    std::ostringstream out;
    out << "# TYPE hazegate_mqtt_connected gauge\nhazegate_mqtt_connected "
        << (Connected() ? 1 : 0) << "\n"
        << "# TYPE hazegate_outbox_published_total counter\n"
        << "hazegate_outbox_published_total " << dispatcher_.published_total()
        << "\n# TYPE hazegate_outbox_delivered_total counter\n"
        << "hazegate_outbox_delivered_total " << dispatcher_.delivered_total()
        << "\n# HELP hazegate_outbox_last_enqueue_timestamp_seconds When new "
           "outbox messages were last committed, Unix time; 0 before the "
           "first.\n# TYPE hazegate_outbox_last_enqueue_timestamp_seconds "
           "gauge\nhazegate_outbox_last_enqueue_timestamp_seconds "
        << UnixSeconds(dispatcher_.last_enqueue_at())
        << "\n# HELP hazegate_outbox_last_delivery_timestamp_seconds When the "
           "broker last acknowledged a publish (PUBACK), Unix time; 0 before "
           "the first.\n# TYPE hazegate_outbox_last_delivery_timestamp_seconds "
           "gauge\nhazegate_outbox_last_delivery_timestamp_seconds "
        << UnixSeconds(dispatcher_.last_delivery_at())
        << "\n# HELP hazegate_mqtt_acks_total Acknowledgements received over "
           "MQTT, by result.\n# TYPE hazegate_mqtt_acks_total counter\n"
        << "hazegate_mqtt_acks_total{result=\"accepted\"} " << acks.accepted
        << "\nhazegate_mqtt_acks_total{result=\"refused\"} " << acks.refused
        << "\nhazegate_mqtt_acks_total{result=\"canceled\"} " << acks.canceled
        << "\nhazegate_mqtt_acks_total{result=\"invalid\"} " << acks.invalid
        << "\n# HELP hazegate_mqtt_ack_retries_total Acknowledgements put back "
           "to be recorded again after an internal failure (busy or full "
           "database).\n# TYPE hazegate_mqtt_ack_retries_total counter\n"
           "hazegate_mqtt_ack_retries_total "
        << acks.retries
        << "\n# HELP hazegate_mqtt_acks_queued Acknowledgements received and "
           "not yet recorded.\n# TYPE hazegate_mqtt_acks_queued gauge\n"
           "hazegate_mqtt_acks_queued "
        << acks.queued << "\n"
        << "# HELP hazegate_mqtt_receipts_total Order receipts received from "
           "devices over MQTT, by result.\n# TYPE hazegate_mqtt_receipts_total "
           "counter\nhazegate_mqtt_receipts_total{result=\"accepted\"} "
        << acks.receipts_accepted
        << "\nhazegate_mqtt_receipts_total{result=\"refused\"} "
        << acks.receipts_refused
        << "\nhazegate_mqtt_receipts_total{result=\"invalid\"} "
        << acks.receipts_invalid
        << "\n# HELP hazegate_mqtt_intake_dropped_total Device messages "
           "dropped before recording: over 64 KiB (oversized), with the "
           "intake's queue full (shed), an ack repeated within 10 s "
           "(repeat).\n# TYPE hazegate_mqtt_intake_dropped_total counter\n"
           "hazegate_mqtt_intake_dropped_total{reason=\"oversized\"} "
        << acks.oversized
        << "\nhazegate_mqtt_intake_dropped_total{reason=\"shed\"} " << acks.shed
        << "\nhazegate_mqtt_intake_dropped_total{reason=\"repeat\"} "
        << acks.repeats_dropped
        << "\n# HELP hazegate_orders_redelivered_total Orders published again "
           "for want of a receipt.\n# TYPE hazegate_orders_redelivered_total "
           "counter\nhazegate_orders_redelivered_total "
        << redeliverer_.redelivered_total() << "\n";
    try {
      const auto [expected, arrived] = Arrival();
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
    } catch (const std::exception& e) {
      spdlog::error("metrics: arrival: {}", e.what());
    }
    return out.str();
  }

 private:
  void RunDeadlines() {
    std::unique_lock lock(mutex_);
    while (running_) {
      lock.unlock();
      auto overdue = deadlines_.Tick();
      if (!overdue.ok()) {
        spdlog::error("deadlines: {}", overdue.error().internal_text);
      } else if (overdue.value() > 0) {
        spdlog::info("deadlines: {} orders overdue", overdue.value());
        dispatcher_.Wake();
      }
      Redeliver();
      ChaseReports();
      lock.lock();
      wake_.wait_for(lock, options_.deadline_interval,
                     [this] { return !running_; });
    }
  }

  // Only while the link is up: queued meanwhile, they would pile up behind
  // the outage for orders that may well have arrived.
  void Redeliver() {
    if (!broker_.Connected()) return;
    auto queued = redeliverer_.Tick(clock_.Now());
    if (!queued.ok()) {
      spdlog::error("redelivery: {}", queued.error().internal_text);
    } else if (queued.value() > 0) {
      spdlog::info("redelivery: {} orders without receipt sent again",
                   queued.value());
      dispatcher_.Wake();
    }
  }

  // Reminders and escalations of implementation reports past due.
  void ChaseReports() {
    try {
      auto lease = store_.Acquire();
      WriteTransaction transaction(lease.db());
      const int sent = internal::TickReporting(lease, clock_.Now());
      transaction.Commit();
      if (sent > 0) {
        spdlog::info("reporting: {} reminders and escalations", sent);
        dispatcher_.Wake();
      }
    } catch (const std::exception& e) {
      spdlog::error("reporting: {}", e.what());
    }
  }

  // Orders of the warnings in force: not canceled, and of those received.
  std::pair<int64_t, int64_t> Arrival() const {
    auto lease = store_.Acquire();
    SQLite::Statement& query = lease.Prepare(
        "SELECT count(*), count(received_at) FROM orders WHERE warning_id IN "
        "(SELECT id FROM warnings WHERE status = 'active') AND status != "
        "'canceled'");
    query.executeStep();
    return {query.getColumn(0).getInt64(), query.getColumn(1).getInt64()};
  }

  NotifierOptions options_;
  BrokerClient& broker_;
  OrderService orders_;
  MqttChannel channel_;
  Dispatcher dispatcher_;
  internal::DeviceIntake intake_;
  DeadlineScheduler deadlines_;
  internal::Redeliverer redeliverer_;
  Store& store_;
  const Clock& clock_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool running_ = false;
  std::thread scheduler_;
};

Notifier::Notifier(Store& store, const Clock& clock, BrokerClient& broker,
                   NotifierOptions options)
    : impl_(std::make_unique<Impl>(store, clock, broker, std::move(options))) {}
Notifier::~Notifier() { Stop(); }
void Notifier::Start() { impl_->Start(); }
void Notifier::Stop() { impl_->Stop(); }
void Notifier::OutboxWritten() { impl_->OutboxWritten(); }
bool Notifier::Connected() const { return impl_->Connected(); }
std::string Notifier::Metrics() const { return impl_->Metrics(); }

}  // namespace hazegate
