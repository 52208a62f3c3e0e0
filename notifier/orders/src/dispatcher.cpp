#include "hazegate/orders/dispatcher.h"

#include <spdlog/spdlog.h>

#include "hazegate/core/store.h"

namespace hazegate {

namespace {

constexpr auto kIdleWait = std::chrono::milliseconds(100);

}  // namespace

Dispatcher::Dispatcher(Store& store, Channel& channel, const Clock& clock,
                       Options options)
    : store_(store),
      channel_(channel),
      channel_name_(channel.name()),
      clock_(clock),
      options_(options),
      sender_([this] { Turn(); }, kIdleWait),
      committer_([this] { CommitTurn(); }, kIdleWait,
                 Worker::OnStop::kFinishWoken) {}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Start() {
  {
    std::lock_guard lock(mutex_);
    running_ = true;
  }
  committer_.Start();
  sender_.Start();
}

void Dispatcher::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (!running_) return;
    running_ = false;
  }
  released_.notify_all();
  sender_.Stop();
  committer_.Stop();  // records what was acknowledged before stopping
}

void Dispatcher::Wake() {
  {
    std::lock_guard lock(mutex_);
    events_.wake = true;
    last_enqueue_at_ = clock_.Now();
  }
  sender_.Wake();
}

void Dispatcher::OnDelivered(uint64_t tag) {
  bool first;
  {
    std::lock_guard lock(mutex_);
    first = events_.delivered.empty();
    events_.delivered.push_back(tag);
    last_delivery_at_ = clock_.Now();
  }
  if (first) sender_.Wake();  // the dispatcher takes them all at once
}

void Dispatcher::OnFailed(uint64_t tag) {
  {
    std::lock_guard lock(mutex_);
    events_.failed.push_back(tag);
  }
  sender_.Wake();
}

void Dispatcher::OnConnection(bool connected) {
  {
    std::lock_guard lock(mutex_);
    if (connected) events_.reconnected = true;
  }
  sender_.Wake();
}

uint64_t Dispatcher::delivered_total() const {
  std::lock_guard lock(mutex_);
  return delivered_total_;
}

std::optional<TimePoint> Dispatcher::last_enqueue_at() const {
  std::lock_guard lock(mutex_);
  return last_enqueue_at_;
}

std::optional<TimePoint> Dispatcher::last_delivery_at() const {
  std::lock_guard lock(mutex_);
  return last_delivery_at_;
}

uint64_t Dispatcher::published_total() const {
  std::lock_guard lock(mutex_);
  return published_total_;
}

uint64_t Dispatcher::rounds() const {
  std::lock_guard lock(mutex_);
  return rounds_;
}

Dispatcher::Events Dispatcher::TakeEvents() {
  std::lock_guard lock(mutex_);
  Events taken = std::move(events_);
  events_ = Events{};
  return taken;
}

void Dispatcher::Turn() {
  Events events = TakeEvents();
  try {
    // A delivery frees its window slot at once; the committer records it
    // in batches (until then a crash only means sending it again).
    for (uint64_t tag : events.delivered) in_flight_.erase(tag);
    QueueForCommit(events.delivered);
    HandleFailures(events.failed, events.reconnected);
    if (channel_.Ready()) {
      Resend();
      FillWindow();
    }
  } catch (const std::exception& e) {
    spdlog::error("dispatcher ({}): {}", channel_name_, e.what());
  }
  std::lock_guard lock(mutex_);
  ++rounds_;
}

void Dispatcher::QueueForCommit(const std::vector<uint64_t>& tags) {
  if (tags.empty()) return;
  {
    std::lock_guard lock(commit_mutex_);
    commit_queue_.insert(commit_queue_.end(), tags.begin(), tags.end());
  }
  committer_.Wake();
}

void Dispatcher::CommitTurn() {
  std::vector<uint64_t> tags;
  {
    std::lock_guard lock(commit_mutex_);
    tags.swap(commit_queue_);
  }
  if (tags.empty()) return;
  try {
    CommitDelivered(tags);
  } catch (const std::exception& e) {
    // The rows stay in the outbox meanwhile; tried again at the next turn
    // (after the interval, not at once).
    spdlog::error("dispatcher: recording deliveries: {}", e.what());
    std::lock_guard lock(commit_mutex_);
    commit_queue_.insert(commit_queue_.begin(), tags.begin(), tags.end());
  }
}

void Dispatcher::CommitDelivered(const std::vector<uint64_t>& tags) {
  WriteTx tx(store_);
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& remove =
      lease.Prepare("DELETE FROM outbox WHERE seq = ? RETURNING order_id");
  // The first delivery of an order (for MQTT: its PUBACK) delivers it and
  // sets its first redelivery (a receipt may already have come: the order
  // stays received). Later ones (of redeliveries) change nothing.
  SQLite::Statement& mark = lease.Prepare(
      "UPDATE orders SET status = iif(status = 'pending', 'delivered', "
      "status), delivered_at = ?1, redeliver_at = iif(received_at IS NULL "
      "AND status IN ('pending', 'delivered', 'overdue'), ?1 + ?3, NULL) "
      "WHERE id = ?2 AND delivered_at IS NULL");
  const int64_t now = ToUnixSeconds(clock_.Now());
  for (uint64_t tag : tags) {
    remove.reset();
    remove.bind(1, static_cast<int64_t>(tag));
    const bool had_row = remove.executeStep();
    const std::string order_id = had_row && !remove.getColumn(0).isNull()
                                     ? remove.getColumn(0).getString()
                                     : "";
    while (had_row && remove.executeStep()) {
    }
    if (order_id.empty()) continue;
    mark.reset();
    mark.bind(1, now);
    mark.bind(2, order_id);
    mark.bind(3, static_cast<int64_t>(options_.redeliver_after.count()));
    mark.exec();
  }
  channel_.Recorded(tx, tags, clock_.Now());
  tx.Commit();
  std::lock_guard lock(mutex_);
  delivered_total_ += tags.size();
}

void Dispatcher::HandleFailures(const std::vector<uint64_t>& tags,
                                bool reconnected) {
  for (uint64_t tag : tags) {
    if (in_flight_.erase(tag) > 0) to_resend_.push_back(tag);
  }
  if (!reconnected) return;
  // The link came back: whatever was in flight may be lost with the old
  // connection; send it again (duplicates are fine, loss is not).
  channel_.Reconnected();
  for (const auto& [tag, since] : in_flight_) to_resend_.push_back(tag);
  in_flight_.clear();
}

void Dispatcher::Resend() {
  const auto now = std::chrono::steady_clock::now();
  for (auto it = in_flight_.begin(); it != in_flight_.end();) {
    if (now - it->second > options_.resend_after) {
      to_resend_.push_back(it->first);
      it = in_flight_.erase(it);
    } else {
      ++it;
    }
  }
  if (to_resend_.empty()) return;
  auto lease = store_.Acquire();
  SQLite::Statement& query = lease.Prepare(
      "SELECT address, payload, retained FROM outbox WHERE seq = ?");
  std::vector<uint64_t> pending;
  pending.swap(to_resend_);
  for (size_t i = 0; i < pending.size(); ++i) {
    query.reset();
    query.bind(1, static_cast<int64_t>(pending[i]));
    if (!query.executeStep()) continue;  // delivered meanwhile
    if (!Send({pending[i], query.getColumn(0).getString(),
               query.getColumn(1).getString(),
               query.getColumn(2).getInt() != 0})) {
      to_resend_.assign(pending.begin() + i, pending.end());
      return;
    }
  }
}

void Dispatcher::FillWindow() {
  while (in_flight_.size() < options_.window) {
    auto lease = store_.Acquire();
    SQLite::Statement& query = lease.Prepare(
        "SELECT seq, address, payload, retained FROM outbox WHERE channel = ? "
        "AND seq > ? ORDER BY seq LIMIT ?");
    query.bind(1, channel_name_);
    query.bind(2, cursor_);
    query.bind(3, static_cast<int64_t>(options_.window - in_flight_.size()));
    size_t rows = 0;
    while (query.executeStep()) {
      ++rows;
      const auto seq = static_cast<uint64_t>(query.getColumn(0).getInt64());
      if (!Send({seq, query.getColumn(1).getString(),
                 query.getColumn(2).getString(),
                 query.getColumn(3).getInt() != 0})) {
        return;
      }
      cursor_ = static_cast<int64_t>(seq);
    }
    if (rows == 0) return;
  }
}

bool Dispatcher::Send(OutboxMessage message) {
  const uint64_t seq = message.seq;
  in_flight_[seq] = std::chrono::steady_clock::now();
  if (!channel_.Send(message)) {
    in_flight_.erase(seq);
    return false;
  }
  bool hold;
  {
    std::lock_guard lock(mutex_);
    hold = ++published_total_ == options_.hold_after_published;
  }
  if (!hold) return true;
  Hold();
  return false;  // stopping: send nothing more
}

void Dispatcher::Hold() {
  spdlog::warn("dispatcher ({}): fault hook: holding after {} sends",
               channel_name_, options_.hold_after_published);
  std::unique_lock lock(mutex_);
  released_.wait(lock, [this] { return !running_; });
}

}  // namespace hazegate
