#include "device_intake.h"

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "hazegate/core/json.h"

namespace hazegate::internal {

namespace {

constexpr size_t kMaxBatch = 1000;
constexpr std::chrono::milliseconds kFirstRetry{100};
constexpr std::chrono::milliseconds kLongestRetry{5000};

}  // namespace

std::optional<std::pair<std::string, std::string>> ParseAckPayload(
    const std::string& payload) {
  const auto parsed = ParseJson(payload, "payload");
  if (!parsed.ok() || !parsed.value().is_object()) return std::nullopt;
  const nlohmann::json& body = parsed.value();
  const auto id = body.find("order_id");
  if (id == body.end() || !id->is_string() ||
      id->get_ref<const std::string&>().empty()) {
    return std::nullopt;
  }
  const auto note = body.find("note");
  if (note != body.end() && !note->is_null() && !note->is_string()) {
    return std::nullopt;
  }
  return std::make_pair(id->get<std::string>(),
                        note != body.end() && note->is_string()
                            ? note->get<std::string>()
                            : std::string());
}

std::optional<std::vector<std::string>> ParseReceiptPayload(
    const std::string& payload) {
  const auto parsed = ParseJson(payload, "payload");
  if (!parsed.ok() || !parsed.value().is_object()) return std::nullopt;
  const auto ids = parsed.value().find("order_ids");
  if (ids == parsed.value().end() || !ids->is_array() || ids->empty() ||
      ids->size() > kMaxReceiptIds) {
    return std::nullopt;
  }
  std::vector<std::string> order_ids;
  for (const auto& id : *ids) {
    if (!id.is_string() || id.get_ref<const std::string&>().empty()) {
      return std::nullopt;
    }
    order_ids.push_back(id.get<std::string>());
  }
  return order_ids;
}

void DeviceIntake::Push(Item item) {
  if (queue_.size() >= kMaxQueued) {
    ++counts_.shed;
    return;
  }
  queue_.push_back(std::move(item));
}

bool DeviceIntake::RepeatedAck(const std::string& org,
                               const std::string& order_id) {
  const TimePoint now = clock_.Now();
  if (last_ack_.size() >= kMaxRememberedAcks) {
    std::erase_if(last_ack_, [now](const auto& entry) {
      return now - entry.second >= kRepeatAckWindow;
    });
    if (last_ack_.size() >= kMaxRememberedAcks) last_ack_.clear();
  }
  auto [it, inserted] = last_ack_.try_emplace(org + " " + order_id, now);
  if (!inserted && now - it->second < kRepeatAckWindow) return true;
  it->second = now;
  return false;
}

void DeviceIntake::OnMessage(const std::string& topic,
                             const std::string& payload) {
  // Empty: the server's own clearing of a retained message, coming back.
  if (payload.empty()) return;
  if (payload.size() > kMaxPayloadBytes) {
    std::lock_guard lock(mutex_);
    ++counts_.oversized;
    return;
  }
  if (const auto device = topics_.DeviceOf(topic)) {
    std::lock_guard lock(mutex_);
    if (seen_.size() < kMaxQueued) seen_[*device] = clock_.Now();
    worker_.Wake();
    return;
  }
  if (const auto org = topics_.OrgOf(topic, "receipts")) {
    const auto ids = ParseReceiptPayload(payload);
    std::lock_guard lock(mutex_);
    if (!ids) {
      ++counts_.receipts_invalid;
      return;
    }
    for (const std::string& id : *ids) {
      Push({true,
            {id, {*org, *org}, "mqtt", "", {}},
            "orgs/" + *org + "/receipts"});
    }
    worker_.Wake();
    return;
  }
  const auto org = topics_.OrgOf(topic, "acks");
  const auto ack = ParseAckPayload(payload);
  std::lock_guard lock(mutex_);
  if (!org || !ack) {
    ++counts_.invalid;
    return;
  }
  if (RepeatedAck(*org, ack->first)) {
    ++counts_.repeats_dropped;
    return;
  }
  Push({false,
        // A live device acks as it is tapped: no client time over MQTT.
        {ack->first, {*org, *org}, "mqtt", ack->second, {}},
        "orgs/" + *org + "/acks"});
  worker_.Wake();
}

void DeviceIntake::Start() { worker_.Start(); }

void DeviceIntake::Stop() { worker_.Stop(); }

DeviceIntake::Counts DeviceIntake::counts() const {
  std::lock_guard lock(mutex_);
  Counts counts = counts_;
  counts.queued = queue_.size();
  return counts;
}

void DeviceIntake::Turn() {
  std::map<std::string, TimePoint> seen;
  {
    std::lock_guard lock(mutex_);
    seen.swap(seen_);
  }
  if (record_seen_ && !seen.empty()) record_seen_(seen);
  ClearRetained();
  if (std::chrono::steady_clock::now() < retry_at_) return;
  for (;;) {
    std::vector<Item> batch;
    {
      std::lock_guard lock(mutex_);
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (batch.empty()) return;
    if (!Record(std::move(batch))) {
      backoff_ = std::clamp(backoff_ * 2, kFirstRetry, kLongestRetry);
      retry_at_ = std::chrono::steady_clock::now() + backoff_;
      return;
    }
    backoff_ = std::chrono::milliseconds(0);
  }
}

bool DeviceIntake::Record(std::vector<Item> batch) {
  // A fault hook for the crash test: dies after the broker has the ack
  // (PUBACKed) and before it is committed, as a power cut would.
  static const bool die_before_commit =
      std::getenv("HAZEGATE_FAULT_DIE_BEFORE_ACK_COMMIT") != nullptr;
  if (die_before_commit) std::_Exit(3);
  std::vector<Item> acks, receipts;
  const auto now = std::chrono::steady_clock::now();
  for (Item& item : batch) {
    if (to_clear_.size() < kMaxQueued) to_clear_.try_emplace(item.address, now);
    (item.receipt ? receipts : acks).push_back(std::move(item));
  }
  std::vector<Item> again = RecordAcks(std::move(acks));
  std::vector<Item> receipts_again = RecordReceipts(std::move(receipts));
  again.insert(again.end(), std::make_move_iterator(receipts_again.begin()),
               std::make_move_iterator(receipts_again.end()));
  std::lock_guard lock(mutex_);
  counts_.retries += again.size();
  queue_.insert(queue_.begin(), std::make_move_iterator(again.begin()),
                std::make_move_iterator(again.end()));
  return again.empty();
}

void DeviceIntake::ClearRetained() {
  const auto due = std::chrono::steady_clock::now() - kClearRetainedAfter;
  std::vector<std::string> addresses;
  std::erase_if(to_clear_, [&](const auto& entry) {
    if (entry.second > due) return false;
    addresses.push_back(entry.first);
    return true;
  });
  if (clear_retained_ && !addresses.empty()) clear_retained_(addresses);
}

template <typename Outcome>
std::vector<DeviceIntake::Item> DeviceIntake::Settle(
    std::vector<Item>& items, const std::vector<Outcome>& outcomes,
    const std::function<void(const Error*)>& tally) {
  std::vector<Item> again;
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (!outcomes[i].ok() && outcomes[i].error().kind == ErrorKind::kInternal) {
      again.push_back(std::move(items[i]));
    } else {
      tally(outcomes[i].ok() ? nullptr : &outcomes[i].error());
    }
  }
  return again;
}

std::vector<DeviceIntake::Item> DeviceIntake::RecordAcks(
    std::vector<Item> acks) {
  if (acks.empty()) return {};
  std::vector<AckRequest> requests;
  for (const Item& item : acks) requests.push_back(item.request);
  const auto results = orders_.AckAll(requests, /*confirm=*/true);
  if (outbox_written_) outbox_written_();
  return Settle(acks, results, [this](const Error* error) {
    if (error == nullptr) {
      ++counts_.accepted;
    } else if (error->kind == ErrorKind::kConflict) {
      ++counts_.canceled;
    } else {
      ++counts_.refused;
    }
  });
}

std::vector<DeviceIntake::Item> DeviceIntake::RecordReceipts(
    std::vector<Item> receipts) {
  if (receipts.empty()) return {};
  std::vector<Receipt> requests;
  for (const Item& item : receipts) {
    requests.push_back({item.request.actor.org, item.request.order_id});
  }
  const auto results = orders_.ReceiveAll(requests, "mqtt");
  const TimePoint committed = clock_.Now();
  return Settle(receipts, results, [this, committed](const Error* error) {
    if (error != nullptr) {
      ++counts_.receipts_refused;
      return;
    }
    ++counts_.receipts_accepted;
    counts_.last_receipt_at = committed;
  });
}

}  // namespace hazegate::internal
