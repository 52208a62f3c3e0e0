#include "order_store.h"

#include <map>
#include <set>

#include "hazegate/config/directory.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/ids.h"

namespace hazegate::internal {

using nlohmann::json;

json OrderJson(SQLite::Statement& row) {
  json order = {
      {"id", row.getColumn(0).getString()},
      {"warning_id", TextOrNull(row.getColumn(1))},
      {"org", row.getColumn(2).getString()},
      {"kind", row.getColumn(3).getString()},
      {"level", TextOrNull(row.getColumn(4))},
      {"title", row.getColumn(5).getString()},
      {"body", row.getColumn(6).getString()},
      {"measures", json::parse(row.getColumn(7).getString())},
      {"effective_at", TimeOrNull(row.getColumn(8))},
      {"ack_due_at", TimeOrNull(row.getColumn(9))},
      {"status", row.getColumn(10).getString()},
      {"delivered_at", TimeOrNull(row.getColumn(11))},
      {"received_at", TimeOrNull(row.getColumn(15))},
      {"acked_at", TimeOrNull(row.getColumn(12))},
      {"acked_by", TextOrNull(row.getColumn(13))},
  };
  if (!row.getColumn(14).isNull())
    order["refers_to"] = row.getColumn(14).getString();
  return order;
}

void Enqueue(Store::Lease& lease, const Outgoing& message,
             const std::string& order_id, TimePoint now) {
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
                         const std::string& measures) {
  std::string out;
  out.reserve(256 + d.title.size() + d.body.size() + measures.size());
  out += "{\"ack_due_at\":";
  AppendTextOrNull(out, TimeText(d.ack_due_at));
  out += ",\"acked_at\":null,\"acked_by\":null,\"body\":";
  AppendString(out, d.body);
  out += ",\"delivered_at\":null,\"effective_at\":";
  AppendTextOrNull(out, TimeText(d.effective_at));
  out += ",\"id\":";
  AppendString(out, id);
  out += ",\"kind\":";
  AppendString(out, d.kind);
  out += ",\"level\":";
  AppendTextOrNull(out, d.level);
  out += ",\"measures\":" + measures + ",\"org\":";
  AppendString(out, d.org);
  out += ",\"received_at\":null";
  if (!d.refers_to.empty()) {
    out += ",\"refers_to\":";
    AppendString(out, d.refers_to);
  }
  out += ",\"status\":\"delivered\",\"title\":";
  AppendString(out, d.title);
  out += ",\"type\":\"order\",\"warning_id\":";
  AppendTextOrNull(out, d.warning_id);
  out += '}';
  return out;
}

}  // namespace

std::string InsertOrder(Store::Lease& lease, const OrderDraft& d,
                        TimePoint now) {
  const std::string id = NewId("ord-");
  const std::string measures = d.measures.dump();
  SQLite::Statement& insert = lease.Prepare(
      "INSERT INTO orders (id, warning_id, org, kind, level, title, body, "
      "measures, effective_at, ack_due_at, status, created_at, refers_to) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)");
  insert.bind(1, id);
  BindText(insert, 2, d.warning_id);
  insert.bind(3, d.org);
  insert.bind(4, d.kind);
  BindText(insert, 5, d.level);
  insert.bind(6, d.title);
  insert.bind(7, d.body);
  insert.bind(8, measures);
  BindTime(insert, 9, d.effective_at);
  BindTime(insert, 10, d.ack_due_at);
  insert.bind(11, ToUnixSeconds(now));
  BindText(insert, 12, d.refers_to);
  insert.exec();
  const std::string message = OrderMessage(id, d, measures);
  for (const std::string& channel : d.channels) {
    Enqueue(lease, {channel, OrgOrdersAddress(d.org), message}, id, now);
  }
  return id;
}

std::vector<std::string> CancelOpenOrders(Store::Lease& lease,
                                          const std::string& warning_id,
                                          TimePoint now) {
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
    Enqueue(lease, {kMqttChannel, OrgOrdersAddress(org), message.dump()}, "",
            now);
    orgs.insert(org);
  }
  return {orgs.begin(), orgs.end()};
}

std::map<std::string, json> LevelsInForce(
    Store::Lease& lease, const std::vector<std::string>& areas) {
  struct InForce {
    int rank = 0;
    json payload;
  };
  std::map<std::string, InForce> by_area;
  for (const std::string& area : areas) {
    by_area[area].payload = {{"area", area},          {"level", "none"},
                             {"warning_id", nullptr}, {"starts_at", nullptr},
                             {"ends_at", nullptr},    {"headline", nullptr}};
  }
  SQLite::Statement& active = lease.Prepare(
      "SELECT id, level, areas, starts_at, ends_at, headline FROM warnings "
      "WHERE status = 'active' ORDER BY seq");
  std::vector<std::tuple<std::string, std::string, json, int64_t,
                         std::optional<int64_t>, std::string>>
      warnings;
  while (active.executeStep()) {
    warnings.emplace_back(
        active.getColumn(0).getString(), active.getColumn(1).getString(),
        json::parse(active.getColumn(2).getString()),
        active.getColumn(3).getInt64(),
        active.getColumn(4).isNull()
            ? std::nullopt
            : std::optional<int64_t>(active.getColumn(4).getInt64()),
        active.getColumn(5).getString());
  }
  for (const auto& [id, level, codes, starts, ends, headline] : warnings) {
    for (const std::string& area :
         CoveredAreas(lease, codes.get<std::vector<std::string>>())) {
      auto it = by_area.find(area);
      if (it == by_area.end() || LevelRank(level) < it->second.rank) continue;
      it->second.rank = LevelRank(level);
      it->second.payload = {
          {"area", area},
          {"level", level},
          {"warning_id", id},
          {"starts_at", FormatRfc3339(FromUnixSeconds(starts))},
          {"ends_at",
           ends ? json(FormatRfc3339(FromUnixSeconds(*ends))) : json(nullptr)},
          {"headline", headline}};
    }
  }
  std::map<std::string, json> levels;
  for (auto& [area, in_force] : by_area) {
    levels[area] = std::move(in_force.payload);
  }
  return levels;
}

void PublishAreaLevels(Store::Lease& lease,
                       const std::vector<std::string>& areas, TimePoint now) {
  for (const auto& [area, payload] : LevelsInForce(lease, areas)) {
    Enqueue(lease,
            {kMqttChannel, AreaWarningAddress(area), payload.dump(), true}, "",
            now);
  }
}

std::string FirstOrg(Store::Lease& lease, const std::string& kind,
                     const std::string& area) {
  SQLite::Statement& query = lease.Prepare(
      "SELECT id FROM orgs WHERE kind = ?1 AND (?2 = '' OR area = ?2) "
      "ORDER BY seq LIMIT 1");
  query.bind(1, kind);
  query.bind(2, area);
  return query.executeStep() ? query.getColumn(0).getString() : "";
}

json PlanSetting(Store::Lease& lease, const std::string& key) {
  SQLite::Statement& query =
      lease.Prepare("SELECT value FROM plan_settings WHERE key = ?");
  query.bind(1, key);
  return query.executeStep() ? json::parse(query.getColumn(0).getString())
                             : json(nullptr);
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

std::string QueueOrder(Store::Lease& lease, const OrderDraft& draft,
                       TimePoint now) {
  return internal::InsertOrder(lease, draft, now);
}

}  // namespace hazegate
