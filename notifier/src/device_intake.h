// What devices publish: acknowledgements on P/orgs/{org}/acks and receipts on
// P/orgs/{org}/receipts. Parsed and queued on the network thread, recorded in
// batches on a thread of its own; each recorded ack is confirmed to the app
// by an ack_recorded message queued in the same transaction (the app
// re-sends until it sees it). Counts what it refuses.
// They were PUBACKed already, so an internal failure (a busy or full
// database) never drops one: the batch's failed items go back to the front
// of the queue and are tried again with backoff (100 ms doubling to 5 s).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "hazegate/notifier/orders.h"
#include "topics.h"

namespace hazegate::internal {

// A receipt message names at most this many orders.
inline constexpr size_t kMaxReceiptIds = 1000;

class DeviceIntake {
 public:
  // `confirm_prefix`: the topic prefix of the ack_recorded messages;
  // `outbox_written` wakes the dispatcher after they are committed.
  DeviceIntake(OrderService& orders, Topics topics, std::string confirm_prefix,
               std::function<void()> outbox_written)
      : orders_(orders),
        topics_(std::move(topics)),
        confirm_prefix_(std::move(confirm_prefix)),
        outbox_written_(std::move(outbox_written)) {}
  ~DeviceIntake() { Stop(); }

  // Network thread: never blocks beyond a short lock.
  void OnMessage(const std::string& topic, const std::string& payload);

  void Start();
  void Stop();

  struct Counts {
    uint64_t accepted = 0;  // acks recorded (or a repeat of a recorded one)
    uint64_t refused = 0;   // unknown order, or another org's order
    uint64_t canceled = 0;  // the order was canceled
    uint64_t invalid = 0;   // not {order_id, note?} JSON, or a bad topic
    uint64_t retries = 0;   // items put back after an internal failure
    uint64_t queued = 0;    // waiting now (a gauge)
    uint64_t receipts_accepted = 0;
    uint64_t receipts_refused = 0;  // unknown order, or another org's
    uint64_t receipts_invalid = 0;  // not {order_ids:[…]} JSON
  };
  Counts counts() const;

 private:
  struct Item {
    bool receipt;        // else an acknowledgement
    AckRequest request;  // for a receipt: order_id and actor.org
  };

  void Run();
  // Records the batch; true if all of it was settled (none put back).
  bool Record(std::vector<Item> batch);
  // Records one kind of the batch's items; returns those to try again.
  std::vector<Item> RecordAcks(std::vector<Item> acks);
  std::vector<Item> RecordReceipts(std::vector<Item> receipts);
  // Under mutex_: the items whose outcome was an internal failure (to try
  // again); every other outcome goes to `tally` (nullptr = recorded).
  template <typename Outcome>
  std::vector<Item> Settle(std::vector<Item>& items,
                           const std::vector<Outcome>& outcomes,
                           const std::function<void(const Error*)>& tally);

  OrderService& orders_;
  Topics topics_;
  const std::string confirm_prefix_;
  const std::function<void()> outbox_written_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Item> queue_;
  bool running_ = false;
  Counts counts_;
  std::thread thread_;
};

// Parses an ack payload {order_id, note?}; nullopt if malformed.
std::optional<std::pair<std::string, std::string>> ParseAckPayload(
    const std::string& payload);

// Parses a receipt payload {order_ids: [1..kMaxReceiptIds non-empty
// strings]}; nullopt if malformed.
std::optional<std::vector<std::string>> ParseReceiptPayload(
    const std::string& payload);

}  // namespace hazegate::internal
