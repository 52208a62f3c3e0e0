// KannelChannel: the outbox's "sms" channel (orders/channel.h) over Kannel's
// HTTP sendsms interface. Send queues a message for its own thread, which
// asks Kannel (keep-alive, on loopback) and reports each message accepted
// or not; after a refusal or an unreachable Kannel it is not Ready for a
// while (1 s, doubling to 60 s), so the dispatcher retries with backoff.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <mutex>

#include "hazegate/core/worker.h"
#include "hazegate/orders/channel.h"
#include "hazegate/sms/sms_delivery.h"

namespace httplib {
class Client;
}

namespace hazegate::internal {

class KannelChannel : public Channel {
 public:
  struct Callbacks {
    std::function<void(uint64_t)> accepted;
    std::function<void(uint64_t)> refused;
  };

  KannelChannel(KannelOptions options, Callbacks callbacks);
  ~KannelChannel() override;

  void Start();
  void Stop();

  std::string name() const override { return kSmsChannel; }
  bool Ready() override;
  bool Send(const OutboxMessage& message) override;
  void Recorded(WriteTx& tx, const std::vector<uint64_t>& seqs,
                TimePoint now) override;

  uint64_t accepted_total() const { return accepted_total_; }
  uint64_t refused_total() const { return refused_total_; }

 private:
  void Turn();
  bool Post(httplib::Client& client, const OutboxMessage& message);

  const KannelOptions options_;
  const Callbacks callbacks_;
  std::string base_, path_;  // of sendsms_url

  std::mutex mutex_;  // guards queue_, down_until_, backoff_
  std::deque<OutboxMessage> queue_;
  std::chrono::steady_clock::time_point down_until_;
  std::chrono::milliseconds backoff_;

  std::atomic<uint64_t> accepted_total_ = 0;
  std::atomic<uint64_t> refused_total_ = 0;
  Worker worker_;  // last: stopped before the rest is destroyed
};

}  // namespace hazegate::internal
