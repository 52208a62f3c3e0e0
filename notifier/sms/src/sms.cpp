#include "hazegate/sms/sms.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <random>
#include <set>

#include "hazegate/config/contacts.h"
#include "hazegate/config/plan_settings.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/store.h"
#include "hazegate/core/utf8.h"
#include "hazegate/orders/channel.h"
#include "hazegate/orders/order_store.h"
#include "sms_rows.h"

namespace hazegate {

namespace {

constexpr int64_t kBeforeDeadlineS = 15 * 60;
constexpr int kScanBatch = 1000;

// An order an SMS is due for.
struct Due {
  std::string id, org, title;
  std::optional<TimePoint> ack_due_at;
};

void Replace(std::string& text, const std::string& placeholder,
             const std::string& value) {
  const size_t at = text.find(placeholder);
  if (at != std::string::npos) text.replace(at, placeholder.size(), value);
}

// Orders not received `after` their creation, looked at once each in seq
// order from `*cursor` on.
void NotReceived(ReadTx& tx, int64_t not_after, int64_t* cursor,
                 std::vector<Due>* due) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& scan = lease.Prepare(
      "SELECT seq, id, org, title, ack_due_at, status IN ('pending', "
      "'delivered') AND received_at IS NULL AND sms_status IS NULL AND org IN "
      "(SELECT org FROM org_contacts_view) FROM orders_view WHERE seq > ?1 "
      "AND created_at <= ?2 ORDER BY seq LIMIT ?3");
  for (int rows = kScanBatch; rows == kScanBatch;) {
    scan.reset();
    scan.bind(1, *cursor);
    scan.bind(2, not_after);
    scan.bind(3, kScanBatch);
    for (rows = 0; scan.executeStep(); ++rows) {
      *cursor = scan.getColumn(0).getInt64();
      if (scan.getColumn(5).getInt() == 0) continue;
      due->push_back(
          {scan.getColumn(1).getString(), scan.getColumn(2).getString(),
           scan.getColumn(3).getString(), OptionalTime(scan.getColumn(4))});
    }
  }
}

// Open orders 15 minutes from their deadline that no SMS went out for.
void NearDeadline(ReadTx& tx, int64_t now, std::vector<Due>* due) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT id, org, title, ack_due_at FROM orders_view WHERE status IN "
      "('pending', 'delivered', 'received') AND ack_due_at <= ? AND "
      "sms_status IS NULL AND org IN (SELECT org FROM org_contacts_view)");
  query.bind(1, now + kBeforeDeadlineS);
  std::set<std::string> seen;
  for (const Due& d : *due) seen.insert(d.id);
  while (query.executeStep()) {
    std::string id = query.getColumn(0).getString();
    if (seen.contains(id)) continue;
    due->push_back({std::move(id), query.getColumn(1).getString(),
                    query.getColumn(2).getString(),
                    OptionalTime(query.getColumn(3))});
  }
}

std::vector<std::string> ContactPhones(ReadTx& tx, const std::string& org) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT DISTINCT phone FROM org_contacts_view WHERE org = ? ORDER BY "
      "position");
  query.bind(1, org);
  std::vector<std::string> phones;
  while (query.executeStep()) phones.push_back(query.getColumn(0).getString());
  return phones;
}

// Four digits, not held by another open order's SMS to `phone`.
std::string NewCode(ReadTx& tx, const std::string& phone) {
  thread_local std::mt19937 random{std::random_device{}()};
  std::uniform_int_distribution<int> digits(1000, 9999);
  SQLite::Statement& taken = Store::LeaseOf(tx).Prepare(
      std::string("SELECT 1 FROM sms_messages m JOIN orders_view o ON o.id = "
                  "m.order_id WHERE m.phone = ? AND m.code = ? AND o.status "
                  "IN ") +
      internal::kOpenOrderStatuses);
  std::string code;
  do {
    code = std::to_string(digits(random));
    taken.reset();
    taken.bind(1, phone);
    taken.bind(2, code);
  } while (taken.executeStep());
  return code;
}

std::string Deadline(const std::optional<TimePoint>& due) {
  // "2026-12-01 08:00" → "12-01 08:00"
  return due ? internal::LocalMinutes(*due).substr(5) : "尽快";
}

// Queues the order's SMS to each contact of its org without one yet;
// returns how many.
int QueueFor(WriteTx& tx, const Due& order, const SmsTemplate& pattern,
             const std::string& link_base, TimePoint now) {
  int queued = 0;
  for (const std::string& phone : ContactPhones(tx, order.org)) {
    const std::string code = NewCode(tx, phone);
    const std::string text = SmsText(pattern.signature, pattern.text,
                                     {order.title, Deadline(order.ack_due_at),
                                      link_base + "#/o/" + order.id, code});
    queued += internal::QueueSms(tx, order.id, phone, code, text, now);
  }
  internal::SummarizeSms(tx, order.id);
  return queued;
}

// The first run of exactly four digits in `text`.
std::optional<std::string> CodeIn(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() &&
           std::isdigit(static_cast<unsigned char>(text[end]))) {
      ++end;
    }
    if (end - i == 4) return text.substr(i, 4);
    i = end;
  }
  return std::nullopt;
}

bool IsContact(ReadTx& tx, const std::string& phone) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT 1 FROM org_contacts_view WHERE phone = ?");
  query.bind(1, phone);
  return query.executeStep();
}

// The newest message to `phone` with `code`, open orders first.
struct Coded {
  std::string order_id, org, title, status, phone;
};
std::optional<Coded> FindCoded(ReadTx& tx, const std::string& phone,
                               const std::string& code) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      std::string("SELECT o.id, o.org, o.title, o.status FROM sms_messages m "
                  "JOIN orders_view o ON o.id = m.order_id WHERE m.phone = ? "
                  "AND m.code = ? ORDER BY o.status IN ") +
      internal::kOpenOrderStatuses + " DESC, m.id DESC LIMIT 1");
  query.bind(1, phone);
  query.bind(2, code);
  if (!query.executeStep()) return std::nullopt;
  return Coded{query.getColumn(0).getString(), query.getColumn(1).getString(),
               query.getColumn(2).getString(), query.getColumn(3).getString(),
               phone};
}

// What a reply refers to (in `*coded`), or why it changes nothing.
std::string Resolve(ReadTx& tx, const std::string& from,
                    const std::string& text, Coded* coded) {
  const std::optional<std::string> phone = ChinaMobile(from);
  if (!phone || !IsContact(tx, *phone)) {
    return "本号码不是登记的应急联系人，回复未生效。";
  }
  const std::optional<std::string> code = CodeIn(text);
  if (!code) return "请回复短信中的4位编号，例如“1234”。";
  std::optional<Coded> found = FindCoded(tx, *phone, *code);
  if (!found) return "未找到编号" + *code + "的指令，请核对短信。";
  if (found->status == "acknowledged") {
    return "编号" + *code + "的指令已确认，无需再回复。";
  }
  if (found->status == "canceled") {
    return "编号" + *code + "的指令已撤销，无需确认。";
  }
  *coded = std::move(*found);
  return "";
}

}  // namespace

std::optional<SmsReport> SmsReportOf(int kannel_status) {
  switch (kannel_status) {
    case 1:
      return SmsReport::kDelivered;
    case 2:
    case 16:
      return SmsReport::kFailed;
    case 4:
      return SmsReport::kBuffered;
    case 8:
      return SmsReport::kSubmitted;
    default:
      return std::nullopt;
  }
}

std::string SmsText(const std::string& signature, const std::string& pattern,
                    const SmsFields& fields) {
  std::string rest = pattern;
  Replace(rest, "{deadline}", fields.deadline);
  Replace(rest, "{link}", fields.link);
  Replace(rest, "{code}", fields.code);
  std::string without_title = signature + rest;
  Replace(without_title, "{title}", "");
  const size_t used = Utf16Units(without_title);
  const size_t room = used < kSmsMaxUnits ? kSmsMaxUnits - used : 0;
  std::string title = fields.title;
  if (Utf16Units(title) > room && room > 0) {
    title = std::string(Utf16Prefix(title, room - 1)) + "…";
  }
  Replace(rest, "{title}", title);
  return signature + rest;
}

SmsService::SmsService(Store& store, const Clock& clock, SmsOptions options)
    : store_(store),
      clock_(clock),
      options_(std::move(options)),
      orders_(store, clock) {}

Result<int> SmsService::Tick() {
  try {
    WriteTx tx(store_);
    const TimePoint now = clock_.Now();
    const int64_t seconds = ToUnixSeconds(now);
    std::vector<Due> due;
    NotReceived(tx, seconds - options_.after.count(), &cursor_, &due);
    NearDeadline(tx, seconds, &due);
    const SmsTemplate pattern = SmsTemplateOf(tx);
    int queued = 0;
    for (const Due& order : due) {
      queued += QueueFor(tx, order, pattern, options_.link_base, now);
    }
    queued += internal::RetryFailedSms(tx, now);
    tx.Commit();
    return queued;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("queueing SMS: ") + e.what());
  }
}

Result<int> SmsService::SendAgain(const std::string& order_id) {
  try {
    WriteTx tx(store_);
    SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
        std::string("SELECT id, org, title, ack_due_at FROM orders_view "
                    "WHERE id = ? AND status IN ") +
        internal::kOpenOrderStatuses);
    query.bind(1, order_id);
    if (!query.executeStep()) return 0;
    const Due order{
        query.getColumn(0).getString(), query.getColumn(1).getString(),
        query.getColumn(2).getString(), OptionalTime(query.getColumn(3))};
    query.reset();
    const TimePoint now = clock_.Now();
    int queued = internal::RequeueSms(tx, order_id, now);
    queued += QueueFor(tx, order, SmsTemplateOf(tx), options_.link_base, now);
    tx.Commit();
    return queued;
  } catch (const std::exception& e) {
    return Error::Internal("sending SMS again for " + order_id + ": " +
                           e.what());
  }
}

Status SmsService::Report(uint64_t seq, SmsReport report) {
  try {
    WriteTx tx(store_);
    internal::RecordSmsReport(tx, seq, report, clock_.Now());
    tx.Commit();
    return Ok{};
  } catch (const std::exception& e) {
    return Error::Internal(std::string("recording an SMS report: ") + e.what());
  }
}

std::string SmsService::Reply(const std::string& from,
                              const std::string& text) {
  try {
    std::string signature;
    Coded coded;
    {
      ReadTx tx(store_);
      signature = SmsTemplateOf(tx).signature;
      const std::string refusal = Resolve(tx, from, text, &coded);
      if (!refusal.empty()) return signature + refusal;
    }
    auto acked = orders_.Ack(
        {coded.order_id, Actor{coded.phone, coded.org}, kSmsChannel, ""});
    if (!acked.ok()) {
      spdlog::error("sms reply from {}: {}", coded.phone,
                    acked.error().internal_text);
      return signature + "确认未成功，请稍后再回复或在移动端确认。";
    }
    return signature + "已确认收到：" + coded.title + "。";
  } catch (const std::exception& e) {
    spdlog::error("sms reply: {}", e.what());
    return "确认未成功，请稍后再回复。";
  }
}

Result<std::map<std::string, int64_t>> SmsService::CountByStatus() const {
  try {
    ReadTx tx(store_);
    return internal::CountSms(tx);
  } catch (const std::exception& e) {
    return Error::Internal(std::string("counting SMS: ") + e.what());
  }
}

}  // namespace hazegate
