#include "sms_rows.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "hazegate/core/columns.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/channel.h"
#include "hazegate/orders/order_store.h"

namespace hazegate::internal {

namespace {

// A failed message is tried again after 1, 2, 4 minutes: four attempts.
constexpr int kMaxAttempts = 4;
constexpr int64_t kFirstRetryS = 60;

int Rank(const std::string& status) {
  if (status == "delivered") return 3;
  if (status == "sent") return 2;
  if (status == "queued") return 1;
  return 0;  // failed
}

void Earliest(std::optional<TimePoint>* at, std::optional<TimePoint> t) {
  if (t && (!*at || *t < **at)) *at = t;
}

// The orders of the messages sent as `seq` (one, or none if superseded).
std::string OrderOfSeq(Store::Lease& lease, uint64_t seq) {
  SQLite::Statement& query =
      lease.Prepare("SELECT order_id FROM sms_messages WHERE outbox_seq = ?");
  query.bind(1, static_cast<int64_t>(seq));
  return query.executeStep() ? query.getColumn(0).getString() : "";
}

}  // namespace

int QueueSms(WriteTx& tx, const std::string& order_id, const std::string& phone,
             const std::string& code, const std::string& text, TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& insert = lease.Prepare(
      "INSERT INTO sms_messages (order_id, phone, code, text, status, "
      "queued_at) VALUES (?, ?, ?, ?, 'queued', ?) ON CONFLICT (order_id, "
      "phone) DO NOTHING");
  insert.bind(1, order_id);
  insert.bind(2, phone);
  insert.bind(3, code);
  insert.bind(4, text);
  insert.bind(5, ToUnixSeconds(now));
  if (insert.exec() == 0) return 0;
  const int64_t id = lease.db().getLastInsertRowid();
  const uint64_t seq = Enqueue(tx, {kSmsChannel, phone, text}, "", now);
  SQLite::Statement& link =
      lease.Prepare("UPDATE sms_messages SET outbox_seq = ? WHERE id = ?");
  link.bind(1, static_cast<int64_t>(seq));
  link.bind(2, id);
  link.exec();
  return 1;
}

int RequeueSms(WriteTx& tx, const std::string& order_id, TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& sent = lease.Prepare(
      "SELECT id, phone, text FROM sms_messages WHERE order_id = ?");
  sent.bind(1, order_id);
  std::vector<std::tuple<int64_t, std::string, std::string>> rows;
  while (sent.executeStep()) {
    rows.emplace_back(sent.getColumn(0).getInt64(),
                      sent.getColumn(1).getString(),
                      sent.getColumn(2).getString());
  }
  SQLite::Statement& requeue = lease.Prepare(
      "UPDATE sms_messages SET status = 'queued', attempts = attempts + 1, "
      "outbox_seq = ?2, retry_at = NULL, sent_at = NULL, delivered_at = NULL "
      "WHERE id = ?1");
  for (const auto& [id, phone, text] : rows) {
    const uint64_t seq = Enqueue(tx, {kSmsChannel, phone, text}, "", now);
    requeue.reset();
    requeue.bind(1, id);
    requeue.bind(2, static_cast<int64_t>(seq));
    requeue.exec();
  }
  return static_cast<int>(rows.size());
}

int RetryFailedSms(WriteTx& tx, TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& due = lease.Prepare(
      std::string("SELECT m.id, m.phone, m.text, m.order_id, o.status IN ") +
      kOpenOrderStatuses +
      " FROM sms_messages m JOIN orders_view o ON o.id = m.order_id WHERE "
      "m.retry_at <= ?");
  due.bind(1, ToUnixSeconds(now));
  struct Retry {
    int64_t id;
    std::string phone, text, order_id;
    bool open;
  };
  std::vector<Retry> retries;
  while (due.executeStep()) {
    retries.push_back(
        {due.getColumn(0).getInt64(), due.getColumn(1).getString(),
         due.getColumn(2).getString(), due.getColumn(3).getString(),
         due.getColumn(4).getInt() != 0});
  }
  SQLite::Statement& requeue = lease.Prepare(
      "UPDATE sms_messages SET status = iif(?2 > 0, 'queued', status), "
      "attempts = attempts + (?2 > 0), outbox_seq = iif(?2 > 0, ?2, "
      "outbox_seq), retry_at = NULL WHERE id = ?1");
  int queued = 0;
  for (const Retry& retry : retries) {
    // A closed order's failed SMS stays failed: nothing to ask of anyone.
    const uint64_t seq =
        retry.open
            ? Enqueue(tx, {kSmsChannel, retry.phone, retry.text}, "", now)
            : 0;
    requeue.reset();
    requeue.bind(1, retry.id);
    requeue.bind(2, static_cast<int64_t>(seq));
    requeue.exec();
    if (retry.open) {
      ++queued;
      SummarizeSms(tx, retry.order_id);
    }
  }
  return queued;
}

void MarkSmsSent(WriteTx& tx, const std::vector<uint64_t>& seqs,
                 TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  // A delivery report may have come first: it is kept.
  SQLite::Statement& mark = lease.Prepare(
      "UPDATE sms_messages SET status = iif(status = 'queued', 'sent', "
      "status), sent_at = ifnull(sent_at, ?1) WHERE outbox_seq = ?2 "
      "RETURNING order_id");
  std::set<std::string> orders;
  for (uint64_t seq : seqs) {
    mark.reset();
    mark.bind(1, ToUnixSeconds(now));
    mark.bind(2, static_cast<int64_t>(seq));
    while (mark.executeStep()) orders.insert(mark.getColumn(0).getString());
  }
  for (const std::string& order : orders) SummarizeSms(tx, order);
}

void RecordSmsReport(WriteTx& tx, uint64_t seq, SmsReport report,
                     TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  const std::string order_id = OrderOfSeq(lease, seq);
  if (order_id.empty() || report == SmsReport::kBuffered) return;
  const int64_t at = ToUnixSeconds(now);
  if (report == SmsReport::kFailed) {
    // Tried again after 1, 2, 4 minutes; after the last, it stays failed
    // (the office sees it on the board).
    SQLite::Statement& fail = lease.Prepare(
        "UPDATE sms_messages SET status = 'failed', retry_at = iif(attempts "
        "< ?1, ?2 + (?3 << (attempts - 1)), NULL) WHERE outbox_seq = ?4 AND "
        "status <> 'delivered'");
    fail.bind(1, kMaxAttempts);
    fail.bind(2, at);
    fail.bind(3, kFirstRetryS);
    fail.bind(4, static_cast<int64_t>(seq));
    fail.exec();
  } else {
    const bool delivered = report == SmsReport::kDelivered;
    SQLite::Statement& mark = lease.Prepare(
        "UPDATE sms_messages SET status = iif(?1, 'delivered', iif(status = "
        "'queued', 'sent', status)), sent_at = ifnull(sent_at, ?2), "
        "delivered_at = iif(?1, ifnull(delivered_at, ?2), delivered_at) "
        "WHERE outbox_seq = ?3");
    mark.bind(1, delivered ? 1 : 0);
    mark.bind(2, at);
    mark.bind(3, static_cast<int64_t>(seq));
    mark.exec();
  }
  SummarizeSms(tx, order_id);
}

void SummarizeSms(WriteTx& tx, const std::string& order_id) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT phone, status, sent_at, delivered_at FROM sms_messages WHERE "
      "order_id = ? ORDER BY id");
  query.bind(1, order_id);
  OrderSms sms;
  int best = -1;
  while (query.executeStep()) {
    sms.to.push_back(query.getColumn(0).getString());
    const std::string status = query.getColumn(1).getString();
    if (Rank(status) > best) {
      best = Rank(status);
      sms.status = status;
    }
    Earliest(&sms.sent_at, OptionalTime(query.getColumn(2)));
    Earliest(&sms.delivered_at, OptionalTime(query.getColumn(3)));
  }
  if (best >= 0) SetOrderSms(tx, order_id, sms);
}

std::map<std::string, int64_t> CountSms(ReadTx& tx) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT status, count(*) FROM sms_messages GROUP BY status");
  std::map<std::string, int64_t> counts = {
      {"queued", 0}, {"sent", 0}, {"delivered", 0}, {"failed", 0}};
  while (query.executeStep()) {
    counts[query.getColumn(0).getString()] = query.getColumn(1).getInt64();
  }
  return counts;
}

}  // namespace hazegate::internal
