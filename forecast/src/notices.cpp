// Regional notices and consultations: recorded whole, read newest first.
#include <nlohmann/json.hpp>

#include "hazegate/core/ids.h"
#include "hazegate/core/store.h"
#include "hazegate/forecast/forecasts.h"
#include "rows.h"

namespace hazegate {

namespace {

constexpr size_t kMaxName = 200;
constexpr size_t kMaxText = 4000;
constexpr auto kLongestResponse = std::chrono::hours(24 * 7);

bool IsLevel(const std::string& level) {
  return level == "none" || level == "yellow" || level == "orange" ||
         level == "red";
}

bool Sized(const std::string& text, size_t max) {
  return !text.empty() && text.size() <= max;
}

Status CheckAreas(ReadTx& tx, const std::vector<std::string>& areas) {
  const std::set<std::string> known = internal::AreaCodes(tx);
  if (areas.empty()) return Error::InvalidField("areas", "must name an area");
  for (const std::string& area : areas) {
    if (!known.contains(area)) {
      return Error::InvalidField("areas", "unknown area " + area);
    }
  }
  return Ok{};
}

Status CheckNotice(ReadTx& tx, const RegionalNotice& n) {
  if (!Sized(n.document_no, kMaxName)) {
    return Error::InvalidField("document_no", "must be 1-200 bytes");
  }
  if (!Sized(n.issued_by, kMaxName)) {
    return Error::InvalidField("issued_by", "must be 1-200 bytes");
  }
  if (!IsLevel(n.level)) {
    return Error::InvalidField("level", "must be none, yellow, orange or red");
  }
  if (!Sized(n.text, kMaxText)) {
    return Error::InvalidField("text", "must be 1-4000 bytes");
  }
  if (n.respond_by <= n.starts_at ||
      n.respond_by - n.starts_at > kLongestResponse) {
    return Error::InvalidField("respond_within_h", "must be 1-168 hours");
  }
  return CheckAreas(tx, n.areas);
}

Status CheckConsultation(ReadTx& tx, const Consultation& c) {
  if (c.participants.empty()) {
    return Error::InvalidField("participants", "must name an org");
  }
  for (const std::string& org : c.participants) {
    if (!internal::KnownOrg(tx, org)) {
      return Error::InvalidField("participants", "unknown org " + org);
    }
  }
  if (!c.forecast_id.empty()) {
    SQLite::Statement& query =
        Store::LeaseOf(tx).Prepare("SELECT 1 FROM forecasts WHERE id = ?");
    query.bind(1, c.forecast_id);
    if (!query.executeStep()) {
      return Error::InvalidField("forecast_id", "unknown forecast");
    }
  }
  if (!IsLevel(c.recommended_level)) {
    return Error::InvalidField("recommended_level",
                               "must be none, yellow, orange or red");
  }
  if (!Sized(c.conclusion, kMaxText)) {
    return Error::InvalidField("conclusion", "must be 1-4000 bytes");
  }
  return CheckAreas(tx, c.areas);
}

RegionalNotice ReadNotice(SQLite::Statement& row) {
  return {row.getColumn(0).getString(),
          row.getColumn(1).getString(),
          row.getColumn(2).getString(),
          row.getColumn(3).getString(),
          internal::ListOf(row.getColumn(4).getString()),
          FromUnixSeconds(row.getColumn(5).getInt64()),
          FromUnixSeconds(row.getColumn(6).getInt64()),
          row.getColumn(7).getString(),
          row.getColumn(8).getString(),
          FromUnixSeconds(row.getColumn(9).getInt64())};
}

constexpr const char* kConsultationColumns =
    "SELECT id, held_at, participants, forecast_id, areas, "
    "recommended_level, conclusion, created_by, created_at FROM "
    "consultations";

Consultation ReadConsultation(SQLite::Statement& row) {
  return {row.getColumn(0).getString(),
          FromUnixSeconds(row.getColumn(1).getInt64()),
          internal::ListOf(row.getColumn(2).getString()),
          row.getColumn(3).isNull() ? "" : row.getColumn(3).getString(),
          internal::ListOf(row.getColumn(4).getString()),
          row.getColumn(5).getString(),
          row.getColumn(6).getString(),
          row.getColumn(7).getString(),
          FromUnixSeconds(row.getColumn(8).getInt64())};
}

}  // namespace

std::vector<RegionalNotice> internal::ReadNotices(ReadTx& tx, int limit) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT id, document_no, issued_by, level, areas, starts_at, "
      "respond_by, text, created_by, created_at FROM regional_notices ORDER "
      "BY seq DESC LIMIT ?");
  query.bind(1, limit);
  std::vector<RegionalNotice> list;
  while (query.executeStep()) list.push_back(ReadNotice(query));
  return list;
}

Result<RegionalNotice> ForecastService::AddNotice(
    const Actor& actor, const RegionalNotice& notice) {
  try {
    WriteTx tx(store_);
    if (Status valid = CheckNotice(tx, notice); !valid.ok()) {
      return valid.error();
    }
    RegionalNotice stored = notice;
    stored.id = NewId("rn-");
    stored.created_by = actor.username;
    stored.created_at = clock_.Now();
    SQLite::Statement& insert = Store::LeaseOf(tx).Prepare(
        "INSERT INTO regional_notices (id, document_no, issued_by, level, "
        "areas, starts_at, respond_by, text, created_by, created_at) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, stored.id);
    insert.bind(2, stored.document_no);
    insert.bind(3, stored.issued_by);
    insert.bind(4, stored.level);
    insert.bind(5, internal::ListColumn(stored.areas));
    insert.bind(6, ToUnixSeconds(stored.starts_at));
    insert.bind(7, ToUnixSeconds(stored.respond_by));
    insert.bind(8, stored.text);
    insert.bind(9, stored.created_by);
    insert.bind(10, ToUnixSeconds(stored.created_at));
    insert.exec();
    RecordAudit(
        tx,
        {actor.username, "regional_notice.add", "regional_notice", stored.id,
         nlohmann::json{{"document_no", stored.document_no}}.dump()},
        stored.created_at);
    tx.Commit();
    return stored;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("storing a notice: ") + e.what());
  }
}

Result<std::vector<RegionalNotice>> ForecastService::Notices(int limit) const {
  try {
    ReadTx tx(store_);
    return internal::ReadNotices(tx, limit);
  } catch (const std::exception& e) {
    return Error::Internal(std::string("listing notices: ") + e.what());
  }
}

Result<Consultation> ForecastService::AddConsultation(
    const Actor& actor, const Consultation& consultation) {
  try {
    WriteTx tx(store_);
    if (Status valid = CheckConsultation(tx, consultation); !valid.ok()) {
      return valid.error();
    }
    Consultation stored = consultation;
    stored.id = NewId("cs-");
    stored.created_by = actor.username;
    stored.created_at = clock_.Now();
    SQLite::Statement& insert = Store::LeaseOf(tx).Prepare(
        "INSERT INTO consultations (id, held_at, participants, forecast_id, "
        "areas, recommended_level, conclusion, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, stored.id);
    insert.bind(2, ToUnixSeconds(stored.held_at));
    insert.bind(3, internal::ListColumn(stored.participants));
    if (stored.forecast_id.empty()) {
      insert.bind(4);
    } else {
      insert.bind(4, stored.forecast_id);
    }
    insert.bind(5, internal::ListColumn(stored.areas));
    insert.bind(6, stored.recommended_level);
    insert.bind(7, stored.conclusion);
    insert.bind(8, stored.created_by);
    insert.bind(9, ToUnixSeconds(stored.created_at));
    insert.exec();
    RecordAudit(tx,
                {actor.username, "consultation.add", "consultation", stored.id,
                 nlohmann::json{{"level", stored.recommended_level}}.dump()},
                stored.created_at);
    tx.Commit();
    return stored;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("storing a consultation: ") + e.what());
  }
}

Result<std::vector<Consultation>> ForecastService::Consultations(
    int limit) const {
  try {
    ReadTx tx(store_);
    SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
        std::string(kConsultationColumns) + " ORDER BY seq DESC LIMIT ?");
    query.bind(1, limit);
    std::vector<Consultation> list;
    while (query.executeStep()) list.push_back(ReadConsultation(query));
    return list;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("listing consultations: ") + e.what());
  }
}

Result<Consultation> ForecastService::GetConsultation(
    const std::string& id) const {
  try {
    ReadTx tx(store_);
    SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
        std::string(kConsultationColumns) + " WHERE id = ?");
    query.bind(1, id);
    if (!query.executeStep()) return Error::NotFound("consultation " + id);
    return ReadConsultation(query);
  } catch (const std::exception& e) {
    return Error::Internal(std::string("reading a consultation: ") + e.what());
  }
}

}  // namespace hazegate
