#include "hazegate/oversight/bulletins.h"

#include <nlohmann/json.hpp>

#include "bulletin_parts.h"
#include "hazegate/config/plan_settings.h"
#include "hazegate/config/public_info.h"
#include "hazegate/core/ids.h"
#include "hazegate/core/store.h"
#include "hazegate/core/text_field.h"
#include "hazegate/oversight/bulletin_json.h"
#include "hazegate/warnings/warning_rows.h"

namespace hazegate {

namespace {

using nlohmann::json;

constexpr int64_t kBeijing = int64_t{kBeijingOffsetMinutes} * 60;
constexpr const char* kColumns =
    "id, series, kind, warning_id, version, status, year, number, title, "
    "text, compiled_at, compiled_by, approved_by, approved_at, figures";

// The Beijing date of `t`: {year, "YYYY-MM-DD"}.
std::pair<int, std::string> BeijingDay(TimePoint t) {
  const std::string local = FormatRfc3339(t);
  return {std::stoi(local.substr(0, 4)), local.substr(0, 10)};
}

std::string Title(const std::string& kind, TimePoint at) {
  const std::string day = BeijingDay(at).second;
  return std::string(internal::BulletinKindName(kind)) + "（" +
         day.substr(0, 4) + "年" + std::to_string(std::stoi(day.substr(5, 2))) +
         "月" + std::to_string(std::stoi(day.substr(8, 2))) + "日）";
}

std::vector<BulletinSending> Sendings(ReadTx& tx, const std::string& id) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT to_whom, by_user, at FROM bulletin_sendings WHERE bulletin_id "
      "= ? ORDER BY seq");
  query.bind(1, id);
  std::vector<BulletinSending> sent;
  while (query.executeStep()) {
    sent.push_back({query.getColumn(0).getString(),
                    query.getColumn(1).getString(),
                    FromUnixSeconds(query.getColumn(2).getInt64())});
  }
  return sent;
}

Bulletin FromRow(ReadTx& tx, SQLite::Statement& row, bool with_figures) {
  Bulletin b;
  b.id = row.getColumn(0).getString();
  b.series = row.getColumn(1).getString();
  b.kind = row.getColumn(2).getString();
  if (!row.getColumn(3).isNull()) b.warning_id = row.getColumn(3).getString();
  b.version = row.getColumn(4).getInt();
  b.status = row.getColumn(5).getString();
  if (!row.getColumn(7).isNull()) {
    b.number = "〔" + std::to_string(row.getColumn(6).getInt()) + "〕" +
               std::to_string(row.getColumn(7).getInt()) + "号";
  }
  b.title = row.getColumn(8).getString();
  b.text = row.getColumn(9).getString();
  b.compiled_at = FromUnixSeconds(row.getColumn(10).getInt64());
  b.compiled_by = row.getColumn(11).getString();
  if (!row.getColumn(12).isNull())
    b.approved_by = row.getColumn(12).getString();
  if (!row.getColumn(13).isNull()) {
    b.approved_at = FromUnixSeconds(row.getColumn(13).getInt64());
  }
  if (with_figures) {
    b.figures = FiguresFromJson(json::parse(row.getColumn(14).getString()));
  }
  b.sent = Sendings(tx, b.id);
  return b;
}

std::optional<Bulletin> Load(ReadTx& tx, const std::string& id) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      std::string("SELECT ") + kColumns + " FROM bulletins WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  return FromRow(tx, query, true);
}

int LatestVersion(ReadTx& tx, const std::string& series) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT max(version) FROM bulletins WHERE series = ?");
  query.bind(1, series);
  query.executeStep();
  return query.getColumn(0).getInt();
}

// A new version; `action` (compile, revise) on the audit trail at `now`.
void Insert(WriteTx& tx, const Bulletin& b,
            const std::optional<std::string>& day, const std::string& action,
            TimePoint now) {
  SQLite::Statement& insert = Store::LeaseOf(tx).Prepare(
      "INSERT INTO bulletins (id, series, version, kind, warning_id, day, "
      "title, text, figures, compiled_at, compiled_by, status) VALUES (?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft')");
  insert.bind(1, b.id);
  insert.bind(2, b.series);
  insert.bind(3, b.version);
  insert.bind(4, b.kind);
  if (b.warning_id) insert.bind(5, *b.warning_id);
  if (day) insert.bind(6, *day);
  insert.bind(7, b.title);
  insert.bind(8, b.text);
  insert.bind(9, FiguresToJson(b.figures).dump());
  insert.bind(10, ToUnixSeconds(b.compiled_at));
  insert.bind(11, b.compiled_by);
  insert.exec();
  SQLite::Statement& link = Store::LeaseOf(tx).Prepare(
      "INSERT INTO bulletin_warnings (bulletin_id, warning_id) VALUES (?, ?)");
  for (const BulletinWarning& w : b.figures.warnings) {
    link.reset();
    link.bind(1, b.id);
    link.bind(2, w.id);
    link.exec();
  }
  RecordAudit(tx,
              {b.compiled_by, "bulletin." + action, "bulletin", b.id,
               json{{"series", b.series}, {"version", b.version}}.dump()},
              now);
}

// The warnings a bulletin covers: `warning_id`'s, or the real ones in force.
Result<std::vector<Warning>> Covered(ReadTx& tx,
                                     const std::optional<std::string>& id) {
  std::vector<Warning> rows;
  if (id) {
    auto row = internal::LoadWarning(tx, *id);
    if (!row) return Error::NotFound("warning " + *id);
    if (!row->activated_at) {
      return Error::Conflict("warning " + *id + " was never in force");
    }
    rows.push_back(std::move(*row));
    return rows;
  }
  for (const std::string& in_force : internal::RealWarningsInForce(tx)) {
    rows.push_back(*internal::LoadWarning(tx, in_force));
  }
  if (rows.empty()) return Error::Conflict("no warning is in force");
  return rows;
}

Result<Bulletin> Draft(WriteTx& tx, const std::string& kind,
                       const std::optional<std::string>& warning_id,
                       const std::string& text, const std::string& by,
                       TimePoint now) {
  auto rows = Covered(tx, warning_id);
  if (!rows.ok()) return rows.error();
  Bulletin b;
  b.id = NewId("bul-");
  b.series = b.id;
  b.kind = kind;
  b.warning_id = warning_id;
  b.status = "draft";
  b.title = Title(kind, now);
  b.text = text;
  b.compiled_at = now;
  b.compiled_by = by;
  b.figures = internal::CompileFigures(tx, rows.value(), now);
  return b;
}

Status CheckKind(const std::string& kind) {
  if (kind != "daily" && kind != "special") {
    return Error::InvalidField("kind", "must be daily or special");
  }
  return Ok{};
}

// The number the series already has, or the next of its year and kind.
std::pair<int, int> NumberFor(ReadTx& tx, const Bulletin& b, TimePoint now) {
  SQLite::Statement& numbered = Store::LeaseOf(tx).Prepare(
      "SELECT year, number FROM bulletins WHERE series = ? AND number IS NOT "
      "NULL LIMIT 1");
  numbered.bind(1, b.series);
  if (numbered.executeStep()) {
    return {numbered.getColumn(0).getInt(), numbered.getColumn(1).getInt()};
  }
  const int year = BeijingDay(now).first;
  SQLite::Statement& next = Store::LeaseOf(tx).Prepare(
      "SELECT ifnull(max(number), 0) + 1 FROM bulletins WHERE year = ? AND "
      "kind = ?");
  next.bind(1, year);
  next.bind(2, b.kind);
  next.executeStep();
  return {year, next.getColumn(0).getInt()};
}

}  // namespace

BulletinService::BulletinService(Store& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Result<Bulletin> BulletinService::Compile(
    const std::string& kind, const std::optional<std::string>& warning_id,
    const std::string& text, const Actor& actor) {
  if (Status ok = CheckKind(kind); !ok.ok()) return ok.error();
  if (warning_id && warning_id->empty()) {
    return Error::InvalidField("warning_id", "must be a warning's id");
  }
  if (Status ok = CheckTextField("text", text, 8000, kind == "daily");
      !ok.ok()) {
    return ok.error();
  }
  if (kind == "special" && !warning_id) {
    return Error::InvalidField("warning_id",
                               "a special report is on one warning");
  }
  try {
    WriteTx tx(store_);
    auto b = Draft(tx, kind, warning_id, text, actor.username, clock_.Now());
    if (!b.ok()) return b.error();
    Insert(tx, b.value(), std::nullopt, "compile", b.value().compiled_at);
    tx.Commit();
    return b;
  } catch (const std::exception& e) {
    return Error::Internal("compiling a bulletin: " + std::string(e.what()));
  }
}

Result<Bulletin> BulletinService::Approve(
    const std::string& id, const std::optional<std::string>& text,
    const Actor& actor) {
  if (text) {
    if (Status ok = CheckTextField("text", *text, 8000, true); !ok.ok()) {
      return ok.error();
    }
  }
  try {
    WriteTx tx(store_);
    auto b = Load(tx, id);
    if (!b) return Error::NotFound("bulletin " + id);
    if (b->status != "draft") return Error::Conflict("approved already");
    if (b->version != LatestVersion(tx, b->series)) {
      return Error::Conflict("a later version of it exists");
    }
    const TimePoint now = clock_.Now();
    const auto [year, number] = NumberFor(tx, *b, now);
    SQLite::Statement& update = Store::LeaseOf(tx).Prepare(
        "UPDATE bulletins SET status = 'approved', year = ?, number = ?, "
        "text = ?, approved_by = ?, approved_at = ? WHERE id = ?");
    update.bind(1, year);
    update.bind(2, number);
    update.bind(3, text.value_or(b->text));
    update.bind(4, actor.username);
    update.bind(5, ToUnixSeconds(now));
    update.bind(6, id);
    update.exec();
    RecordAudit(tx,
                {actor.username, "bulletin.approve", "bulletin", id,
                 json{{"year", year}, {"number", number}}.dump()},
                now);
    auto approved = Load(tx, id);
    tx.Commit();
    return std::move(*approved);
  } catch (const std::exception& e) {
    return Error::Internal("approving bulletin " + id + ": " + e.what());
  }
}

Result<Bulletin> BulletinService::Revise(const std::string& id,
                                         const std::optional<std::string>& text,
                                         bool recompile, const Actor& actor) {
  try {
    WriteTx tx(store_);
    auto latest = Load(tx, id);
    if (!latest) return Error::NotFound("bulletin " + id);
    if (latest->version != LatestVersion(tx, latest->series)) {
      return Error::Conflict("revise the series' latest version");
    }
    Bulletin b = *latest;
    b.text = text.value_or(latest->text);
    if (Status ok = CheckTextField("text", b.text, 8000, b.kind == "daily");
        !ok.ok()) {
      return ok.error();
    }
    const TimePoint now = clock_.Now();
    if (recompile) {
      auto rows = Covered(tx, b.warning_id);
      if (!rows.ok()) return rows.error();
      b.figures = internal::CompileFigures(tx, rows.value(), now);
      b.compiled_at = now;
    }
    b.id = NewId("bul-");
    b.version = latest->version + 1;
    b.compiled_by = actor.username;
    Insert(tx, b, std::nullopt, "revise", now);
    auto draft = Load(tx, b.id);
    tx.Commit();
    return std::move(*draft);
  } catch (const std::exception& e) {
    return Error::Internal("revising bulletin " + id + ": " + e.what());
  }
}

Result<Bulletin> BulletinService::Sent(const std::string& id,
                                       const std::string& to, TimePoint at,
                                       const Actor& actor) {
  if (Status ok = CheckTextField("to", to, 200); !ok.ok()) return ok.error();
  try {
    WriteTx tx(store_);
    auto b = Load(tx, id);
    if (!b) return Error::NotFound("bulletin " + id);
    if (b->status != "approved") {
      return Error::Conflict("only an approved bulletin is sent");
    }
    SQLite::Statement& insert = Store::LeaseOf(tx).Prepare(
        "INSERT INTO bulletin_sendings (bulletin_id, to_whom, by_user, at) "
        "VALUES (?, ?, ?, ?)");
    insert.bind(1, id);
    insert.bind(2, to);
    insert.bind(3, actor.username);
    insert.bind(4, ToUnixSeconds(at));
    insert.exec();
    RecordAudit(tx,
                {actor.username, "bulletin.sent", "bulletin", id,
                 json{{"to", to}, {"at", FormatRfc3339(at)}}.dump()},
                clock_.Now());
    b->sent = Sendings(tx, id);
    tx.Commit();
    return std::move(*b);
  } catch (const std::exception& e) {
    return Error::Internal("logging bulletin " + id + " sent: " + e.what());
  }
}

Result<std::vector<Bulletin>> BulletinService::List(
    const BulletinFilter& filter) const {
  if (!filter.kind.empty()) {
    if (Status ok = CheckKind(filter.kind); !ok.ok()) return ok.error();
  }
  try {
    ReadTx tx(store_);
    SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
        std::string("SELECT ") + kColumns +
        " FROM bulletins b WHERE (?1 = '' OR kind = ?1) AND (?2 = '' OR "
        "EXISTS (SELECT 1 FROM bulletin_warnings l WHERE l.bulletin_id = b.id "
        "AND l.warning_id = ?2)) ORDER BY seq DESC LIMIT 500");
    query.bind(1, filter.kind);
    query.bind(2, filter.warning);
    std::vector<Bulletin> list;
    while (query.executeStep()) list.push_back(FromRow(tx, query, false));
    return list;
  } catch (const std::exception& e) {
    return Error::Internal("listing bulletins: " + std::string(e.what()));
  }
}

Result<Bulletin> BulletinService::Get(const std::string& id) const {
  try {
    ReadTx tx(store_);
    auto b = Load(tx, id);
    if (!b) return Error::NotFound("bulletin " + id);
    return std::move(*b);
  } catch (const std::exception& e) {
    return Error::Internal("bulletin " + id + ": " + e.what());
  }
}

Result<std::string> BulletinService::Html(const std::string& id) const {
  try {
    ReadTx tx(store_);
    auto b = Load(tx, id);
    if (!b) return Error::NotFound("bulletin " + id);
    return internal::BulletinPage(tx, *b, PublicInfoOf(tx).sender_name);
  } catch (const std::exception& e) {
    return Error::Internal("bulletin page " + id + ": " + e.what());
  }
}

Result<std::string> BulletinService::Csv(const std::string& id) const {
  auto b = Get(id);
  if (!b.ok()) return b.error();
  return internal::BulletinCsv(b.value());
}

namespace internal {

bool CompileDailyBulletin(WriteTx& tx, TimePoint now) {
  const std::optional<int> at = DailyBulletinAt(tx);
  if (!at) return false;
  const int64_t local = ToUnixSeconds(now) + kBeijing;
  if ((local % 86400) / 60 < *at) return false;
  const std::string day = BeijingDay(now).second;
  SQLite::Statement& done =
      Store::LeaseOf(tx).Prepare("SELECT 1 FROM bulletins WHERE day = ?");
  done.bind(1, day);
  if (done.executeStep() || RealWarningsInForce(tx).empty()) return false;
  auto b = Draft(tx, "daily", std::nullopt, "", "system", now);
  if (!b.ok()) return false;
  Insert(tx, b.value(), day, "compile", now);
  return true;
}

}  // namespace internal

}  // namespace hazegate
