#include "ack_intake.h"

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

void AckIntake::OnMessage(const std::string& topic,
                          const std::string& payload) {
  const auto org = topics_.OrgOfAckTopic(topic);
  const auto ack = ParseAckPayload(payload);
  std::lock_guard lock(mutex_);
  if (!org || !ack) {
    ++counts_.invalid;
    return;
  }
  queue_.push_back({ack->first, {*org, *org}, "mqtt", ack->second});
  wake_.notify_one();
}

void AckIntake::Start() {
  {
    std::lock_guard lock(mutex_);
    running_ = true;
  }
  thread_ = std::thread([this] { Run(); });
}

void AckIntake::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (!running_) return;
    running_ = false;
  }
  wake_.notify_all();
  thread_.join();
}

AckIntake::Counts AckIntake::counts() const {
  std::lock_guard lock(mutex_);
  Counts counts = counts_;
  counts.queued = queue_.size();
  return counts;
}

void AckIntake::Run() {
  std::chrono::milliseconds backoff{0};
  for (;;) {
    std::vector<AckRequest> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return !running_ || !queue_.empty(); });
      if (queue_.empty() && !running_) return;
      // After a failure, wait before trying again (Stop() ends the wait).
      if (backoff.count() > 0 &&
          wake_.wait_for(lock, backoff, [this] { return !running_; })) {
        return;
      }
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    backoff = Record(std::move(batch))
                  ? std::chrono::milliseconds(0)
                  : std::clamp(backoff * 2, kFirstRetry, kLongestRetry);
  }
}

bool AckIntake::Record(std::vector<AckRequest> batch) {
  // A fault hook for the crash test: dies after the broker has the ack
  // (PUBACKed) and before it is committed, as a power cut would.
  static const bool die_before_commit =
      std::getenv("HAZEGATE_FAULT_DIE_BEFORE_ACK_COMMIT") != nullptr;
  if (die_before_commit) std::_Exit(3);
  const auto results = orders_.AckAll(batch, confirm_prefix_);
  if (outbox_written_) outbox_written_();
  std::lock_guard lock(mutex_);
  std::vector<AckRequest> again;
  for (size_t i = 0; i < results.size(); ++i) {
    const auto& result = results[i];
    if (result.ok()) {
      ++counts_.accepted;
    } else if (result.error().kind == ErrorKind::kInternal) {
      again.push_back(std::move(batch[i]));
    } else if (result.error().kind == ErrorKind::kConflict) {
      ++counts_.canceled;
    } else {
      ++counts_.refused;
    }
  }
  counts_.retries += again.size();
  queue_.insert(queue_.begin(), std::make_move_iterator(again.begin()),
                std::make_move_iterator(again.end()));
  return again.empty();
}

}  // namespace hazegate::internal
