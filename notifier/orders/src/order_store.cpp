#include "hazegate/orders/order_store.h"

#include <algorithm>
#include <map>
#include <set>

#include "hazegate/config/directory.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/ids.h"
#include "hazegate/core/store.h"
#include "order_rows.h"

namespace hazegate::internal {

using nlohmann::json;

namespace {

// sms_to holds the phones comma-separated.
std::vector<std::string> Phones(const std::string& list) {
  std::vector<std::string> phones;
  size_t start = 0;
  while (start < list.size()) {
    const size_t end = std::min(list.find(',', start), list.size());
    phones.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return phones;
}

std::optional<OrderSms> ReadSms(SQLite::Statement& row) {
  if (row.getColumn(18).isNull()) return std::nullopt;
  return OrderSms{.to = Phones(TextOrEmpty(row.getColumn(17))),
                  .status = row.getColumn(18).getString(),
                  .sent_at = OptionalTime(row.getColumn(19)),
                  .delivered_at = OptionalTime(row.getColumn(20))};
}

}  // namespace

Order ReadOrder(SQLite::Statement& row) {
  return {.id = row.getColumn(0).getString(),
          .warning_id = TextOrEmpty(row.getColumn(1)),
          .org = row.getColumn(2).getString(),
          .kind = row.getColumn(3).getString(),
          .level = TextOrEmpty(row.getColumn(4)),
          .title = row.getColumn(5).getString(),
          .body = row.getColumn(6).getString(),
          .measures_json = row.getColumn(7).getString(),
          .effective_at = OptionalTime(row.getColumn(8)),
          .ack_due_at = OptionalTime(row.getColumn(9)),
          .status = row.getColumn(10).getString(),
          .delivered_at = OptionalTime(row.getColumn(11)),
          .received_at = OptionalTime(row.getColumn(15)),
          .received_via = TextOrEmpty(row.getColumn(21)),
          .acked_at = OptionalTime(row.getColumn(12)),
          .acked_at_client = OptionalTime(row.getColumn(22)),
          .acked_by = TextOrEmpty(row.getColumn(13)),
          .acked_via = TextOrEmpty(row.getColumn(16)),
          .sms = ReadSms(row),
          .refers_to = TextOrEmpty(row.getColumn(14)),
          .exercise = row.getColumn(23).getInt() != 0};
}

std::optional<Order> LoadOrder(ReadTx& tx, const std::string& id) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      std::string("SELECT ") + kOrderColumns + " FROM orders o WHERE o.id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  return ReadOrder(query);
}

Result<std::vector<Order>> ListWarningOrders(ReadTx& tx,
                                             const std::string& warning_id,
                                             const OrderFilter& filter) {
  Store::Lease& lease = Store::LeaseOf(tx);
  auto before = SeqBefore(tx, "orders", "id", filter.page.before);
  if (!before.ok()) return before.error();
  SQLite::Statement& query = lease.Prepare(
      std::string("SELECT ") + kOrderColumns +
      " FROM orders o JOIN orgs_view g ON g.id = o.org WHERE "
      "o.warning_id = ?1 AND o.seq < ?2 AND (?3 = '' OR o.status = ?3) AND "
      "(?4 = '' OR o.kind = ?4) AND (?5 = '' OR g.area = ?5) ORDER BY o.seq "
      "DESC LIMIT ?6");
  query.bind(1, warning_id);
  query.bind(2, before.value());
  query.bind(3, filter.status);
  query.bind(4, filter.kind);
  query.bind(5, filter.area);
  query.bind(6, filter.page.limit);
  std::vector<Order> orders;
  while (query.executeStep()) orders.push_back(ReadOrder(query));
  return orders;
}

uint64_t Enqueue(WriteTx& tx, const Outgoing& message,
                 const std::string& order_id, TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& insert = lease.Prepare(
      "INSERT INTO outbox (channel, address, payload, retained, order_id, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, message.channel);
  insert.bind(2, message.address);
  insert.bind(3, message.payload);
  insert.bind(4, message.retained ? 1 : 0);
  BindText(insert, 5, order_id);
  insert.bind(6, ToUnixSeconds(now));
  insert.exec();
  return static_cast<uint64_t>(lease.db().getLastInsertRowid());
}

void SetOrderSms(WriteTx& tx, const std::string& order_id,
                 const OrderSms& sms) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& update = lease.Prepare(
      "UPDATE orders SET sms_to = ?, sms_status = ?, sms_sent_at = ?, "
      "sms_delivered_at = ? WHERE id = ?");
  std::string to;
  for (const std::string& phone : sms.to) to += (to.empty() ? "" : ",") + phone;
  update.bind(1, to);
  update.bind(2, sms.status);
  BindTime(update, 3, sms.sent_at);
  BindTime(update, 4, sms.delivered_at);
  update.bind(5, order_id);
  update.exec();
}

namespace {

// JSON string literal, escaped as nlohmann::json writes it (UTF-8 kept).
void AppendString(std::string& out, std::string_view text) {
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void AppendTextOrNull(std::string& out, std::string_view text) {
  text.empty() ? void(out += "null") : AppendString(out, text);
}

// RFC 3339 text of `t`, or "" when unset. A fan-out formats the same few
// instants (its start, one deadline per recipient kind) thousands of times.
const std::string& TimeText(const std::optional<TimePoint>& t) {
  static const std::string kNone;
  constexpr size_t kRemembered = 16;
  thread_local std::map<TimePoint, std::string> texts;
  if (!t) return kNone;
  auto it = texts.find(*t);
  if (it != texts.end()) return it->second;
  if (texts.size() >= kRemembered) texts.clear();
  return texts.emplace(*t, FormatRfc3339(*t)).first->second;
}

// The order as published on P/orgs/{org}/orders: the API's order object
// (status delivered, as the recipient sees it) with "type": "order", keys
// sorted. Written by hand: a fan-out writes thousands of these inside its
// transaction, and building a json object per order cost a third of it.
std::string OrderMessage(const std::string& id, const OrderDraft& d,
                         const std::string& title, bool exercise,
                         const std::string& measures) {
  std::string out;
  out.reserve(256 + d.title.size() + d.body.size() + measures.size());
  out += "{\"ack_due_at\":";
  AppendTextOrNull(out, TimeText(d.ack_due_at));
  out +=
      ",\"acked_at\":null,\"acked_at_client\":null,\"acked_by\":null,\"acked_"
      "via\":null,\"body\":";
  AppendString(out, d.body);
  out += ",\"delivered_at\":null,\"effective_at\":";
  AppendTextOrNull(out, TimeText(d.effective_at));
  out +=
      exercise ? ",\"exercise\":true,\"id\":" : ",\"exercise\":false,\"id\":";
  AppendString(out, id);
  out += ",\"kind\":";
  AppendString(out, d.kind);
  out += ",\"level\":";
  AppendTextOrNull(out, d.level);
  out += ",\"measures\":" + measures + ",\"org\":";
  AppendString(out, d.org);
  out += ",\"received_at\":null,\"received_via\":null";
  if (!d.refers_to.empty()) {
    out += ",\"refers_to\":";
    AppendString(out, d.refers_to);
  }
  out += ",\"sms\":null,\"status\":\"delivered\",\"title\":";
  AppendString(out, title);
  out += ",\"type\":\"order\",\"warning_id\":";
  AppendTextOrNull(out, d.warning_id);
  out += '}';
  return out;
}

// A draft that does not say: a drill's if the warning's earlier orders are
// (its first orders always say).
bool IsExercise(Store::Lease& lease, const OrderDraft& d) {
  if (d.exercise.has_value() || d.warning_id.empty()) {
    return d.exercise.value_or(false);
  }
  SQLite::Statement& query = lease.Prepare(
      "SELECT exercise FROM orders WHERE warning_id = ? ORDER BY seq LIMIT 1");
  query.bind(1, d.warning_id);
  const bool exercise = query.executeStep() && query.getColumn(0).getInt();
  query.reset();
  return exercise;
}

}  // namespace

std::string InsertOrder(WriteTx& tx, const OrderDraft& d, TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  const std::string id = NewId("ord-");
  const std::string& measures = d.measures_json;
  const bool exercise = IsExercise(lease, d);
  const std::string title = exercise && !d.title.starts_with(kExerciseMark)
                                ? std::string(kExerciseMark) + d.title
                                : d.title;
  SQLite::Statement& insert = lease.Prepare(
      "INSERT INTO orders (id, warning_id, org, kind, level, title, body, "
      "measures, effective_at, ack_due_at, status, created_at, refers_to, "
      "exercise) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)");
  insert.bind(1, id);
  BindText(insert, 2, d.warning_id);
  insert.bind(3, d.org);
  insert.bind(4, d.kind);
  BindText(insert, 5, d.level);
  insert.bind(6, title);
  insert.bind(7, d.body);
  insert.bind(8, measures);
  BindTime(insert, 9, d.effective_at);
  BindTime(insert, 10, d.ack_due_at);
  insert.bind(11, ToUnixSeconds(now));
  BindText(insert, 12, d.refers_to);
  insert.bind(13, exercise ? 1 : 0);
  insert.exec();
  const std::string message = OrderMessage(id, d, title, exercise, measures);
  for (const std::string& channel : d.channels) {
    Enqueue(tx, {channel, OrgOrdersAddress(d.org), message}, id, now);
  }
  return id;
}

void AcknowledgeOpenOrders(WriteTx& tx, const std::string& warning_id,
                           const std::string& kind, const std::string& username,
                           TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& update = lease.Prepare(
      "UPDATE orders SET status = 'acknowledged', acked_at = ?1, acked_by = "
      "?2, ack_channel = 'https', received_at = ifnull(received_at, ?1), "
      "redeliver_at = NULL WHERE warning_id = ?3 AND kind = ?4 AND status IN "
      "('pending', 'delivered', 'received', 'overdue')");
  update.bind(1, ToUnixSeconds(now));
  update.bind(2, username);
  update.bind(3, warning_id);
  update.bind(4, kind);
  update.exec();
}

std::vector<std::string> CancelOpenOrders(WriteTx& tx,
                                          const std::string& warning_id,
                                          TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  std::vector<std::pair<std::string, std::string>> open;  // id, org
  {
    SQLite::Statement& query = lease.Prepare(
        "SELECT id, org FROM orders WHERE warning_id = ? AND status IN "
        "('pending', 'delivered', 'received', 'overdue')");
    query.bind(1, warning_id);
    while (query.executeStep()) {
      open.emplace_back(query.getColumn(0).getString(),
                        query.getColumn(1).getString());
    }
  }
  SQLite::Statement& cancel = lease.Prepare(
      "UPDATE orders SET status = 'canceled', redeliver_at = NULL WHERE "
      "warning_id = ? AND status "
      "IN ('pending', 'delivered', 'received', 'overdue')");
  cancel.bind(1, warning_id);
  cancel.exec();
  std::set<std::string> orgs;
  for (const auto& [id, org] : open) {
    const json message = {{"type", "cancel"}, {"order_id", id}};
    Enqueue(tx, {kMqttChannel, OrgOrdersAddress(org), message.dump()}, "", now);
    orgs.insert(org);
  }
  return {orgs.begin(), orgs.end()};
}

std::string LocalMinutes(TimePoint t) {
  const std::string full = FormatRfc3339(t);  // 2026-12-01T08:00:00+08:00
  return full.substr(0, 10) + " " + full.substr(11, 5);
}

std::string LevelName(const std::string& level) {
  if (level == "yellow") return "黄色";
  if (level == "orange") return "橙色";
  if (level == "red") return "红色";
  return level;
}

int LevelRank(const std::string& level) {
  if (level == "yellow") return 1;
  if (level == "orange") return 2;
  if (level == "red") return 3;
  return 0;
}

}  // namespace hazegate::internal

namespace hazegate {

std::string QueueOrder(WriteTx& tx, const OrderDraft& draft, TimePoint now) {
  return internal::InsertOrder(tx, draft, now);
}

}  // namespace hazegate
