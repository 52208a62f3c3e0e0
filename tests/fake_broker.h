// An in-memory BrokerClient for unit tests: records publishes, and lets the
// test acknowledge, fail, drop and restore the link.
#pragma once

#include <mutex>
#include <vector>

#include "hazegate/mqtt/broker_client.h"

namespace hazegate::testing {

class FakeBroker final : public BrokerClient {
 public:
  struct Sent {
    uint64_t tag;
    OutboundMessage message;
  };

  void Start(Handlers handlers) override { handlers_ = std::move(handlers); }
  void Stop() override {}
  bool Connected() const override { return connected_; }
  bool Publish(uint64_t tag, const OutboundMessage& message) override {
    std::lock_guard lock(mutex_);
    if (!connected_) return false;
    sent_.push_back({tag, message});
    return true;
  }
  bool Subscribe(const std::string& filter) override {
    std::lock_guard lock(mutex_);
    subscriptions_.push_back(filter);
    return connected_;
  }

  // Acknowledges everything sent so far; returns how many.
  size_t AckAll() {
    std::vector<Sent> sent;
    {
      std::lock_guard lock(mutex_);
      sent.swap(sent_);
      acked_.insert(acked_.end(), sent.begin(), sent.end());
    }
    for (const Sent& s : sent) handlers_.delivered(s.tag);
    return sent.size();
  }
  void SetConnected(bool connected) {
    connected_ = connected;
    if (handlers_.connection) handlers_.connection(connected);
  }
  void Incoming(const std::string& topic, const std::string& payload) {
    handlers_.message(topic, payload);
  }
  std::vector<Sent> sent() {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  std::vector<Sent> acked() {
    std::lock_guard lock(mutex_);
    return acked_;
  }
  std::vector<std::string> subscriptions() {
    std::lock_guard lock(mutex_);
    return subscriptions_;
  }

 private:
  std::mutex mutex_;
  Handlers handlers_;
  std::atomic<bool> connected_{true};
  std::vector<Sent> sent_, acked_;
  std::vector<std::string> subscriptions_;
};

}  // namespace hazegate::testing
