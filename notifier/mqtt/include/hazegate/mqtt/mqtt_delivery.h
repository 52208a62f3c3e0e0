// MqttDelivery: the outbox's MQTT channel at work — the broker link, the
// dispatcher draining the channel's rows, and the intake of what devices
// publish on P/orgs/{org}/acks and /receipts. Owns its threads; Start/Stop
// from one thread. Store, Clock and BrokerClient outlive it.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "hazegate/core/clock.h"
#include "hazegate/core/tx.h"
#include "hazegate/mqtt/broker_client.h"
#include "hazegate/orders/dispatcher.h"

namespace hazegate {

struct MqttDeliveryOptions {
  std::string topic_prefix = "hazegate";
  Dispatcher::Options dispatch;
};

class MqttDelivery {
 public:
  MqttDelivery(Store& store, const Clock& clock, BrokerClient& broker,
               MqttDeliveryOptions options);
  ~MqttDelivery();

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
