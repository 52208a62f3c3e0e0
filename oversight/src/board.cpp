#include "hazegate/oversight/board.h"

#include "hazegate/config/csv.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/order_store.h"
#include "hazegate/orders/order_tallies.h"
#include "hazegate/warnings/warning_rows.h"

namespace hazegate {

namespace {

constexpr int kAttentionLimit = 50;

std::vector<AreaOnBoard> Levels(ReadTx& tx) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT code, name, kind, parent FROM areas_view ORDER BY seq");
  std::vector<AreaOnBoard> areas;
  std::vector<std::string> codes;
  while (query.executeStep()) {
    codes.push_back(query.getColumn(0).getString());
    areas.push_back({.area = codes.back(),
                     .name = query.getColumn(1).getString(),
                     .kind = query.getColumn(2).getString(),
                     .parent = TextOrEmpty(query.getColumn(3)),
                     .level = "none",
                     .warning_id = ""});
  }
  const auto levels = internal::LevelsInForce(tx, codes);
  for (AreaOnBoard& area : areas) {
    const AreaLevel& in_force = levels.at(area.area);
    area.level = in_force.level;
    area.warning_id = in_force.warning_id;
  }
  return areas;
}

// Whether an escalation refers to the order (sent for its silence).
bool Escalated(ReadTx& tx, const std::string& order_id) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT 1 FROM orders_view WHERE refers_to = ? AND kind = 'escalation'");
  query.bind(1, order_id);
  return query.executeStep();
}

// Overdue orders first, then those the broker has not taken, then those no
// device has confirmed: up to kAttentionLimit, each status read in index
// order (the board needs a few, not a sort of a hundred thousand).
std::vector<AttentionOrder> Attention(ReadTx& tx, const std::string& id,
                                      const std::string& area) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      std::string(
          "SELECT o.id, o.org, g.name, g.kind, g.area, o.status, "
          "o.ack_due_at, o.receipt_channel, o.sms_status FROM orders_view o "
          "JOIN orgs_view g ON g.id = o.org "
          "WHERE o.warning_id = ?1 AND o.status = ?2 AND (?3 = '' OR "
          "g.area = ?3) AND ") +
      internal::kRecipientOrders + " LIMIT ?4");
  std::vector<AttentionOrder> list;
  for (const char* status : {"overdue", "pending", "delivered"}) {
    query.reset();
    query.bind(1, id);
    query.bind(2, status);
    query.bind(3, area);
    query.bind(4, kAttentionLimit - static_cast<int>(list.size()));
    while (query.executeStep()) {
      list.push_back({.order_id = query.getColumn(0).getString(),
                      .org = query.getColumn(1).getString(),
                      .name = query.getColumn(2).getString(),
                      .kind = query.getColumn(3).getString(),
                      .area = query.getColumn(4).getString(),
                      .status = query.getColumn(5).getString(),
                      .ack_due_at = OptionalTime(query.getColumn(6)),
                      .escalated = false,
                      .received_via = TextOrEmpty(query.getColumn(7)),
                      .sms = TextOrEmpty(query.getColumn(8))});
    }
  }
  for (AttentionOrder& entry : list) {
    if (entry.status == "overdue") {
      entry.escalated = Escalated(tx, entry.order_id);
    }
  }
  return list;
}

std::vector<std::string> WarningsInForce(ReadTx& tx) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT id FROM warnings_view WHERE status IN ('active', 'proposed') "
      "ORDER BY seq DESC");
  std::vector<std::string> ids;
  while (query.executeStep()) ids.push_back(query.getColumn(0).getString());
  return ids;
}

std::string TimeText(const SQLite::Column& column) {
  const std::optional<TimePoint> t = OptionalTime(column);
  return t ? FormatRfc3339(*t) : "";
}

}  // namespace

BoardService::BoardService(Store& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Result<Board> BoardService::Board(const std::string& area) const {
  ReadTx tx(store_);
  try {
    const TimePoint now = clock_.Now();
    hazegate::Board board;
    for (const std::string& id : WarningsInForce(tx)) {
      BoardWarning& entry = board.warnings.emplace_back();
      entry.warning = *internal::LoadWarning(tx, id);
      internal::CountOrders(tx, &entry.warning);
      entry.orders = internal::TallyOrders(tx, id, ToUnixSeconds(now), area);
      entry.attention = Attention(tx, id, area);
    }
    board.levels = Levels(tx);
    return board;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("reading the board: ") + e.what());
  }
}

Result<hazegate::PublicLevels> BoardService::PublicLevels() const {
  try {
    ReadTx tx(store_);
    const auto advice = PublicAdviceOf(tx);
    hazegate::PublicLevels out;
    const std::vector<AreaOnBoard> areas = Levels(tx);
    std::vector<std::string> codes;
    for (const AreaOnBoard& area : areas) codes.push_back(area.area);
    const auto levels = internal::LevelsInForce(tx, codes);
    SQLite::Statement& press = Store::LeaseOf(tx).Prepare(
        "SELECT title, published_at FROM press_releases WHERE warning_id = ? "
        "ORDER BY seq DESC LIMIT 1");
    for (const AreaOnBoard& area : areas) {
      const AreaLevel& in_force = levels.at(area.area);
      const auto texts = advice.find(in_force.level);
      PublicLevel level{area.area,
                        area.name,
                        in_force.level,
                        in_force.warning_id,
                        in_force.starts_at,
                        in_force.headline,
                        texts == advice.end() ? PublicAdvice{} : texts->second,
                        "",
                        std::nullopt};
      press.reset();
      press.bind(1, in_force.warning_id);
      if (!in_force.warning_id.empty() && press.executeStep()) {
        level.press_title = press.getColumn(0).getString();
        level.press_at = FromUnixSeconds(press.getColumn(1).getInt64());
      }
      out.areas.push_back(std::move(level));
    }
    SQLite::Statement& changed = Store::LeaseOf(tx).Prepare(
        "SELECT max(max(ifnull(activated_at, 0), ifnull(closed_at, 0))) FROM "
        "warnings_view WHERE activated_at IS NOT NULL AND NOT exercise");
    if (changed.executeStep() && !changed.getColumn(0).isNull() &&
        changed.getColumn(0).getInt64() > 0) {
      out.changed_at = FromUnixSeconds(changed.getColumn(0).getInt64());
    }
    return out;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("reading public levels: ") + e.what());
  }
}

Result<std::string> BoardService::PublicFingerprint() const {
  try {
    ReadTx tx(store_);
    SQLite::Statement& press = Store::LeaseOf(tx).Prepare(
        "SELECT ifnull(max(seq), 0) FROM press_releases");
    press.executeStep();
    return internal::PublicWarningsFingerprint(tx) + "|" +
           press.getColumn(0).getString();
  } catch (const std::exception& e) {
    return Error::Internal(std::string("public fingerprint: ") + e.what());
  }
}

Result<std::vector<MapPoint>> BoardService::Map(const std::string& warning_id,
                                                const std::string& area) const {
  ReadTx tx(store_);
  Store::Lease& lease = Store::LeaseOf(tx);
  try {
    if (!internal::LoadWarning(tx, warning_id)) {
      return Error::NotFound("warning " + warning_id);
    }
    SQLite::Statement& query = lease.Prepare(
        "SELECT g.id, g.name, g.kind, g.area, json_extract(g.details, "
        "'$.location.lat'), json_extract(g.details, '$.location.lon'), o.id, "
        "o.status FROM orders_view o JOIN orgs_view g ON g.id = o.org WHERE "
        "o.warning_id = ?1 AND (?2 = '' OR g.area = ?2) AND o.kind IN "
        "('enterprise_measures', 'school_notice', 'site_measures') AND "
        "json_extract(g.details, '$.location.lat') IS NOT NULL ORDER BY "
        "o.seq");
    query.bind(1, warning_id);
    query.bind(2, area);
    std::vector<MapPoint> points;
    while (query.executeStep()) {
      points.push_back({.org = query.getColumn(0).getString(),
                        .name = query.getColumn(1).getString(),
                        .kind = query.getColumn(2).getString(),
                        .area = query.getColumn(3).getString(),
                        .lat = query.getColumn(4).getDouble(),
                        .lon = query.getColumn(5).getDouble(),
                        .order_id = query.getColumn(6).getString(),
                        .status = query.getColumn(7).getString()});
    }
    return points;
  } catch (const std::exception& e) {
    return Error::Internal("mapping " + warning_id + ": " + e.what());
  }
}

Result<CsvPage> BoardService::OrdersCsv(const std::string& warning_id,
                                        const std::string& area,
                                        int64_t cursor) const {
  ReadTx tx(store_);
  Store::Lease& lease = Store::LeaseOf(tx);
  try {
    if (!internal::LoadWarning(tx, warning_id)) {
      return Error::NotFound("warning " + warning_id);
    }
    CsvPage page;
    if (cursor == 0) {
      page.text =
          "\xEF\xBB\xBF"
          "id,org,org_name,org_kind,area,kind,level,title,status,created_at,"
          "delivered_at,received_at,ack_due_at,acked_at,acked_by\r\n";
    }
    SQLite::Statement& query = lease.Prepare(
        "SELECT o.id, o.org, g.name, g.kind, g.area, o.kind, o.level, "
        "o.title, o.status, o.created_at, o.delivered_at, o.received_at, "
        "o.ack_due_at, o.acked_at, o.acked_by, o.seq FROM orders_view o JOIN "
        "orgs_view "
        "g ON g.id = o.org WHERE o.warning_id = ?1 AND o.seq > ?2 AND (?3 = "
        "'' OR g.area = ?3) ORDER BY o.seq LIMIT ?4");
    query.bind(1, warning_id);
    query.bind(2, cursor);
    query.bind(3, area);
    query.bind(4, kCsvPageRows);
    int rows = 0;
    while (query.executeStep()) {
      std::vector<std::string> cells;
      for (int i = 0; i < 15; ++i) {
        const bool time = i >= 9 && i <= 13;  // created_at … acked_at
        cells.push_back(CsvCell(time ? TimeText(query.getColumn(i))
                                     : query.getColumn(i).getString()));
      }
      page.text += CsvLine(cells);
      page.next = query.getColumn(15).getInt64();
      ++rows;
    }
    page.done = rows < kCsvPageRows;
    return page;
  } catch (const std::exception& e) {
    return Error::Internal("exporting orders of " + warning_id + ": " +
                           e.what());
  }
}

}  // namespace hazegate
