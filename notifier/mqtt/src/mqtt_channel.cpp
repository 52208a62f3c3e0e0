#include "hazegate/mqtt/mqtt_channel.h"

namespace hazegate {

bool MqttChannel::Ready() {
  if (!broker_.Connected()) {
    subscribed_ = false;
    return false;
  }
  if (!subscribed_) {
    bool all = true;
    for (const std::string& filter : subscriptions_) {
      all = broker_.Subscribe(filter) && all;
    }
    subscribed_ = all;
  }
  return true;
}

bool MqttChannel::Send(const OutboxMessage& message) {
  return broker_.Publish(message.seq, {prefix_ + "/" + message.address,
                                       message.payload, message.retained});
}

}  // namespace hazegate
