// MqttChannel: the outbox's "mqtt" channel over a BrokerClient. An address
// becomes the topic "{prefix}/{address}"; a send is a QoS 1 publish whose
// PUBACK is its delivery. Ready while the link is up, once the intake's
// subscriptions are made (again after each reconnection). Dispatcher thread
// only; the BrokerClient outlives it.
#pragma once

#include <string>
#include <vector>

#include "hazegate/mqtt/broker_client.h"
#include "hazegate/orders/channel.h"

namespace hazegate {

class MqttChannel final : public Channel {
 public:
  // `subscriptions`: topic filters to (re)subscribe to whenever the link
  // comes up.
  MqttChannel(BrokerClient& broker, std::string topic_prefix,
              std::vector<std::string> subscriptions = {})
      : broker_(broker),
        prefix_(std::move(topic_prefix)),
        subscriptions_(std::move(subscriptions)) {}

  std::string name() const override { return kMqttChannel; }
  bool Ready() override;
  bool Send(const OutboxMessage& message) override;
  void Reconnected() override { subscribed_ = false; }

 private:
  BrokerClient& broker_;
  const std::string prefix_;
  const std::vector<std::string> subscriptions_;
  bool subscribed_ = false;
};

}  // namespace hazegate
