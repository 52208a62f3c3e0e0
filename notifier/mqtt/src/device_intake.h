// What devices publish: acknowledgements on P/orgs/{org}/acks, receipts on
// P/orgs/{org}/receipts and "I am here" on P/devices/{username}/seen. Parsed
// and queued on the network thread, recorded in batches by a worker of its own
// (core/worker.h); each recorded ack is confirmed to the app by an ack_recorded
// message queued in the same transaction (the app re-sends until it sees it).
// Counts what it refuses. Bounded (contract v3): a payload over 64 KiB is
// dropped unparsed; past kMaxQueued waiting items new ones are shed (counted:
// an app re-sends an unconfirmed ack, and an order not received is published
// again); an org's repeat of one ack within 10 s of the last one taken is
// dropped, so it is confirmed at most once per 10 s. After each batch it asks
// for the batch's addresses (orgs/{org}/acks, /receipts) to be cleared of any
// retained message (a device's retained publish there is not kept).
// They were PUBACKed already, so an internal failure (a busy or full
// database) never drops one: the batch's failed items go back to the front
// of the queue and are tried again with backoff (100 ms doubling to 5 s).
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/worker.h"
#include "hazegate/orders/orders.h"
#include "topics.h"

namespace hazegate::internal {

// A receipt message names at most this many orders.
inline constexpr size_t kMaxReceiptIds = 1000;
// A device's message is at most this many bytes (the broker's limit too).
inline constexpr size_t kMaxPayloadBytes = 64 * 1024;
// Items waiting to be recorded, at most (a burst of 100 fan-outs' receipts).
inline constexpr size_t kMaxQueued = 1000000;
// An org's repeats of one ack within this are dropped; at most this many
// recent acks are remembered for it.
inline constexpr std::chrono::seconds kRepeatAckWindow{10};
inline constexpr size_t kMaxRememberedAcks = 100000;
// The intake looks for work this often besides being woken (a failure's
// backoff ends on one of these looks).
inline constexpr std::chrono::milliseconds kIntakeInterval{100};
// A topic a device's message came in on is cleared of retained messages
// this long after the first one, once for all that came meanwhile: off the
// path of a fan-out's receipts, whose topics are each cleared once after.
inline constexpr std::chrono::seconds kClearRetainedAfter{2};

class DeviceIntake {
 public:
  // `topics` tells the org of a device's topic; `outbox_written` wakes the
  // dispatcher after the ack_recorded messages are committed;
  // `clear_retained` is given the addresses messages were recorded from,
  // kClearRetainedAfter after the first on each.
  DeviceIntake(
      OrderService& orders, const Clock& clock, Topics topics,
      std::function<void()> outbox_written,
      std::function<void(const std::vector<std::string>&)> clear_retained =
          nullptr,
      std::function<void(const std::map<std::string, TimePoint>&)> record_seen =
          nullptr)
      : orders_(orders),
        clock_(clock),
        topics_(std::move(topics)),
        outbox_written_(std::move(outbox_written)),
        clear_retained_(std::move(clear_retained)),
        record_seen_(std::move(record_seen)),
        worker_([this] { Turn(); }, kIntakeInterval,
                Worker::OnStop::kFinishWoken) {}
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
    uint64_t oversized = 0;         // over kMaxPayloadBytes, not parsed
    uint64_t shed = 0;              // dropped with the queue full
    uint64_t repeats_dropped = 0;   // an ack repeated within 10 s
    // When receipts were last committed (the clock's time), if ever.
    std::optional<TimePoint> last_receipt_at;
  };
  Counts counts() const;

 private:
  struct Item {
    bool receipt;         // else an acknowledgement
    AckRequest request;   // for a receipt: order_id and actor.org
    std::string address;  // where it came from: orgs/{org}/acks|receipts
  };

  // Under mutex_: queues `item` unless the queue is full.
  void Push(Item item);
  // Under mutex_: true if the org sent this ack within the window.
  bool RepeatedAck(const std::string& org, const std::string& order_id);

  // Records what is queued, batch by batch, unless a failure's backoff is
  // still running.
  void Turn();
  // Records the batch; true if all of it was settled (none put back).
  bool Record(std::vector<Item> batch);
  // Hands the addresses due to clear_retained.
  void ClearRetained();
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
  const Clock& clock_;
  Topics topics_;
  const std::function<void()> outbox_written_;
  const std::function<void(const std::vector<std::string>&)> clear_retained_;
  const std::function<void(const std::map<std::string, TimePoint>&)>
      record_seen_;
  // Devices seen since the last turn (username → when), at most
  // kMaxQueued; recorded once per turn, a failure not retried (the next
  // sighting records it).
  std::map<std::string, TimePoint> seen_;
  // Worker thread only: addresses to clear and when the first message on
  // each was recorded.
  std::map<std::string, std::chrono::steady_clock::time_point> to_clear_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, TimePoint> last_ack_;  // "org order" -> at
  std::deque<Item> queue_;
  Counts counts_;
  // The worker's own: after a failure, no try before retry_at_.
  std::chrono::milliseconds backoff_{0};
  std::chrono::steady_clock::time_point retry_at_;
  Worker worker_;  // last: stopped before the rest goes
};

// Parses an ack payload {order_id, note?}; nullopt if malformed.
std::optional<std::pair<std::string, std::string>> ParseAckPayload(
    const std::string& payload);

// Parses a receipt payload {order_ids: [1..kMaxReceiptIds non-empty
// strings]}; nullopt if malformed.
std::optional<std::vector<std::string>> ParseReceiptPayload(
    const std::string& payload);

}  // namespace hazegate::internal
