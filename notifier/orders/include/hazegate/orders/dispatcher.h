// Dispatcher: drains one channel's rows of the outbox (see channel.h). Many
// sends are in flight at once (a window); each delivery the channel reports
// deletes its outbox row and marks its order delivered, in batched
// transactions on a second thread. Rows are only deleted after the far end
// has them, so after an outage or a restart of this process every row still
// in the outbox is sent again (at-least-once; receivers de-duplicate by order
// id). Two workers of its own (core/worker.h: sending, recording); the On*
// hooks may be called from the channel's network thread and never block.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/tx.h"
#include "hazegate/core/worker.h"
#include "hazegate/orders/channel.h"

namespace hazegate {

class Dispatcher {
 public:
  struct Options {
    size_t window = 4096;  // publishes in flight at most
    // A publish unacknowledged this long while connected is sent again.
    std::chrono::milliseconds resend_after{10000};
    // An order delivered (PUBACKed) without a device's receipt this long is
    // published again (see Redeliverer), then with doubling backoff.
    std::chrono::seconds redeliver_after{60};
    // A fault hook for tests (0: off): after this many sends the dispatcher
    // sends nothing more until stopped, as if the process froze mid fan-out,
    // so that a test can kill it there.
    uint64_t hold_after_published = 0;
  };

  Dispatcher(Store& store, Channel& channel, const Clock& clock,
             Options options);
  ~Dispatcher();

  void Start();
  void Stop();
  void Wake();  // new outbox rows were committed

  void OnDelivered(uint64_t tag);
  void OnFailed(uint64_t tag);
  void OnConnection(bool connected);

  uint64_t delivered_total() const;
  uint64_t published_total() const;
  // Passes of the dispatcher's loop so far: a test waits for passes to go
  // by to see what the dispatcher did not do.
  uint64_t rounds() const;
  // When new outbox rows were last announced (Wake) and when the broker last
  // acknowledged a publish (its PUBACK); nullopt before the first.
  std::optional<TimePoint> last_enqueue_at() const;
  std::optional<TimePoint> last_delivery_at() const;

 private:
  struct Events {
    std::vector<uint64_t> delivered;
    std::vector<uint64_t> failed;
    bool wake = false;
    bool reconnected = false;
  };

  void Turn();
  Events TakeEvents();
  void QueueForCommit(const std::vector<uint64_t>& tags);
  void CommitTurn();
  void CommitDelivered(const std::vector<uint64_t>& tags);
  void HandleFailures(const std::vector<uint64_t>& tags, bool reconnected);
  void Resend();
  void FillWindow();
  bool Send(OutboxMessage message);
  void Hold();

  Store& store_;
  Channel& channel_;
  const std::string channel_name_;
  const Clock& clock_;
  Options options_;

  mutable std::mutex mutex_;          // guards events_, running_, counters
  std::condition_variable released_;  // Hold() waits on it for Stop()
  Events events_;
  bool running_ = false;
  uint64_t delivered_total_ = 0;
  uint64_t published_total_ = 0;
  uint64_t rounds_ = 0;
  std::optional<TimePoint> last_enqueue_at_;
  std::optional<TimePoint> last_delivery_at_;

  // Dispatcher thread only.
  std::map<uint64_t, std::chrono::steady_clock::time_point> in_flight_;
  std::vector<uint64_t> to_resend_;

  int64_t cursor_ = 0;  // highest outbox seq of this channel handed over

  // Acknowledged tags waiting to be recorded, by a worker of their own so
  // that publishing never waits for the disk.
  std::mutex commit_mutex_;
  std::vector<uint64_t> commit_queue_;

  Worker sender_;
  Worker committer_;  // finishes what it was woken for when stopped
};

}  // namespace hazegate
