#include "hazegate/mqtt/mqtt_delivery.h"

#include <spdlog/spdlog.h>

#include <sstream>

#include "device_intake.h"
#include "hazegate/mqtt/devices.h"
#include "hazegate/mqtt/mqtt_channel.h"
#include "hazegate/orders/orders.h"

namespace hazegate {

class MqttDelivery::Impl {
 public:
  Impl(Store& store, const Clock& clock, BrokerClient& broker,
       MqttDeliveryOptions options)
      : options_(std::move(options)),
        broker_(broker),
        orders_(store, clock),
        channel_(broker, options_.topic_prefix,
                 {internal::Topics(options_.topic_prefix).AllAcks(),
                  internal::Topics(options_.topic_prefix).AllReceipts(),
                  internal::Topics(options_.topic_prefix).AllSeen()}),
        dispatcher_(store, channel_, clock, options_.dispatch),
        intake_(
            orders_, clock, internal::Topics(options_.topic_prefix),
            [this] { dispatcher_.Wake(); },
            [this](const std::vector<std::string>& addresses) {
              if (orders_.ClearRetained(addresses).ok()) dispatcher_.Wake();
            },
            [&store](const std::map<std::string, TimePoint>& seen) {
              Status recorded = RecordDevicesSeen(store, seen);
              if (!recorded.ok()) {
                spdlog::warn("{}", recorded.error().internal_text);
              }
            }) {}

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
    running_ = true;
  }

  void Stop() {
    if (!running_) return;
    running_ = false;
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
        << "\n# HELP hazegate_mqtt_last_receipt_timestamp_seconds When "
           "receipts over MQTT were last recorded, Unix time; 0 before the "
           "first.\n# TYPE hazegate_mqtt_last_receipt_timestamp_seconds "
           "gauge\nhazegate_mqtt_last_receipt_timestamp_seconds "
        << UnixSeconds(acks.last_receipt_at)
        << "\n# HELP hazegate_mqtt_intake_dropped_total Device messages "
           "dropped before recording: over 64 KiB (oversized), with the "
           "intake's queue full (shed), an ack repeated within 10 s "
           "(repeat).\n# TYPE hazegate_mqtt_intake_dropped_total counter\n"
           "hazegate_mqtt_intake_dropped_total{reason=\"oversized\"} "
        << acks.oversized
        << "\nhazegate_mqtt_intake_dropped_total{reason=\"shed\"} " << acks.shed
        << "\nhazegate_mqtt_intake_dropped_total{reason=\"repeat\"} "
        << acks.repeats_dropped << "\n";
    return out.str();
  }

 private:
  MqttDeliveryOptions options_;
  BrokerClient& broker_;
  OrderService orders_;
  MqttChannel channel_;
  Dispatcher dispatcher_;
  internal::DeviceIntake intake_;
  bool running_ = false;
};

MqttDelivery::MqttDelivery(Store& store, const Clock& clock,
                           BrokerClient& broker, MqttDeliveryOptions options)
    : impl_(std::make_unique<Impl>(store, clock, broker, std::move(options))) {}
MqttDelivery::~MqttDelivery() { Stop(); }
void MqttDelivery::Start() { impl_->Start(); }
void MqttDelivery::Stop() { impl_->Stop(); }
void MqttDelivery::OutboxWritten() { impl_->OutboxWritten(); }
bool MqttDelivery::Connected() const { return impl_->Connected(); }
std::string MqttDelivery::Metrics() const { return impl_->Metrics(); }

}  // namespace hazegate
