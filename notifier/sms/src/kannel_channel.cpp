#include "kannel_channel.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "sms_rows.h"

namespace hazegate::internal {

namespace {

constexpr std::chrono::milliseconds kFirstBackoff{1000};
constexpr std::chrono::milliseconds kLongestBackoff{60000};
constexpr size_t kQueueLimit = 256;  // messages handed over, not yet asked
constexpr auto kIdleWait = std::chrono::milliseconds(500);

// Kannel's sendsms answers "0: Accepted for delivery" or "3: Queued for
// later delivery" when it took the message.
bool Accepted(const httplib::Result& result) {
  if (!result || result->status / 100 != 2) return false;
  const std::string& body = result->body;
  return body.rfind("0:", 0) == 0 || body.rfind("3:", 0) == 0;
}

}  // namespace

KannelChannel::KannelChannel(KannelOptions options, Callbacks callbacks)
    : options_(std::move(options)),
      callbacks_(std::move(callbacks)),
      backoff_(kFirstBackoff),
      worker_([this] { Turn(); }, kIdleWait) {
  // http://host:port/path
  const size_t scheme = options_.sendsms_url.find("://");
  const size_t slash = options_.sendsms_url.find(
      '/', scheme == std::string::npos ? 0 : scheme + 3);
  base_ = options_.sendsms_url.substr(0, slash);
  path_ = slash == std::string::npos ? "/cgi-bin/sendsms"
                                     : options_.sendsms_url.substr(slash);
}

KannelChannel::~KannelChannel() { Stop(); }

void KannelChannel::Start() { worker_.Start(); }

void KannelChannel::Stop() { worker_.Stop(); }

bool KannelChannel::Ready() {
  std::lock_guard lock(mutex_);
  return std::chrono::steady_clock::now() >= down_until_ &&
         queue_.size() < kQueueLimit;
}

bool KannelChannel::Send(const OutboxMessage& message) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= kQueueLimit) return false;
    queue_.push_back(message);
  }
  worker_.Wake();
  return true;
}

void KannelChannel::Recorded(WriteTx& tx, const std::vector<uint64_t>& seqs,
                             TimePoint now) {
  MarkSmsSent(tx, seqs, now);
}

// Asks Kannel for each queued message in turn; after a refusal the rest
// are handed back (refused) and the channel rests.
void KannelChannel::Turn() {
  httplib::Client client(base_);
  client.set_connection_timeout(std::chrono::seconds(2));
  client.set_read_timeout(std::chrono::seconds(10));
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);  // else each request waits on a delayed ACK
  for (;;) {
    OutboxMessage message;
    {
      std::lock_guard lock(mutex_);
      if (queue_.empty()) return;
      message = std::move(queue_.front());
      queue_.pop_front();
    }
    if (Post(client, message)) continue;
    std::deque<OutboxMessage> rest;
    {
      std::lock_guard lock(mutex_);
      rest.swap(queue_);
      down_until_ = std::chrono::steady_clock::now() + backoff_;
      backoff_ = std::min(backoff_ * 2, kLongestBackoff);
    }
    for (const OutboxMessage& back : rest) callbacks_.refused(back.seq);
    return;
  }
}

bool KannelChannel::Post(httplib::Client& client,
                         const OutboxMessage& message) {
  httplib::Params params = {
      {"username", options_.username},
      {"password", options_.password},
      {"to", message.address},
      {"text", message.payload},
      {"charset", "UTF-8"},
      {"coding", "2"},  // UCS-2: Chinese
      // Delivered, failed, SMSC rejected: each report is a write here and
      // holds up Kannel (the SMSC-accepted one, 8, doubled the time).
      {"dlr-mask", "19"},
      {"dlr-url", options_.report_url + "&seq=" + std::to_string(message.seq) +
                      "&status=%d"},
  };
  if (!options_.sender.empty()) params.emplace("from", options_.sender);
  const auto result = client.Get(path_, params, httplib::Headers{});
  if (Accepted(result)) {
    ++accepted_total_;
    {
      std::lock_guard lock(mutex_);
      backoff_ = kFirstBackoff;
    }
    callbacks_.accepted(message.seq);
    return true;
  }
  ++refused_total_;
  spdlog::warn("kannel refused SMS {} to {}: {}", message.seq, message.address,
               result ? std::to_string(result->status) + " " + result->body
                      : httplib::to_string(result.error()));
  callbacks_.refused(message.seq);
  return false;
}

}  // namespace hazegate::internal
