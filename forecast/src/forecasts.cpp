#include "hazegate/forecast/forecasts.h"

#include <algorithm>
#include <functional>
#include <set>

#include "hazegate/config/warning_rules.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/ids.h"
#include "hazegate/core/store.h"
#include "rows.h"

namespace hazegate {

namespace {

constexpr size_t kMaxDays = 2000;
constexpr size_t kMaxSource = 200;

bool IsDate(const std::string& date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  const auto at = ParseRfc3339(date + "T00:00:00+08:00");
  return at && FormatRfc3339(*at).substr(0, 10) == date;
}

// The first fault of the input, naming its field; Ok if none.
Status Check(const ForecastInput& input, const std::set<std::string>& areas) {
  if (input.source.empty() || input.source.size() > kMaxSource) {
    return Error::InvalidField("source", "must be 1-200 bytes");
  }
  if (input.days.empty() || input.days.size() > kMaxDays) {
    return Error::InvalidField("days", "must hold 1-2000 days");
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < input.days.size(); ++i) {
    const AreaDay& d = input.days[i];
    const std::string at = "days/" + std::to_string(i) + "/";
    if (!areas.contains(d.area)) {
      return Error::InvalidField(at + "area", "unknown area " + d.area);
    }
    if (!IsDate(d.day.date)) {
      return Error::InvalidField(at + "date", "must be a date YYYY-MM-DD");
    }
    if (!seen.emplace(d.area, d.day.date).second) {
      return Error::InvalidField(at + "date", "is twice for area " + d.area);
    }
    if (d.day.aqi < 0 || d.day.aqi > 500) {
      return Error::InvalidField(at + "aqi", "must be an integer 0-500");
    }
    if (d.day.pm25 && !(*d.day.pm25 >= 0 && *d.day.pm25 <= 1000)) {
      return Error::InvalidField(at + "pm25", "must be a number 0-1000");
    }
    const std::string& p = d.day.primary_pollutant;
    if (!p.empty() &&
        std::none_of(std::begin(kPrimaryPollutants),
                     std::end(kPrimaryPollutants),
                     [&](const char* known) { return p == known; })) {
      return Error::InvalidField(at + "primary_pollutant",
                                 "must be one of pm25 pm10 o3 so2 no2 co dust");
    }
  }
  return Ok{};
}

void InsertDays(WriteTx& tx, int64_t seq, const std::vector<AreaDay>& days) {
  SQLite::Statement& insert = Store::LeaseOf(tx).Prepare(
      "INSERT INTO forecast_days (forecast_seq, area, date, aqi, pm25, "
      "primary_pollutant) VALUES (?, ?, ?, ?, ?, ?)");
  for (const AreaDay& d : days) {
    insert.reset();
    insert.bind(1, seq);
    insert.bind(2, d.area);
    insert.bind(3, d.day.date);
    insert.bind(4, d.day.aqi);
    if (d.day.pm25) {
      insert.bind(5, *d.day.pm25);
    } else {
      insert.bind(5);
    }
    BindText(insert, 6, d.day.primary_pollutant);
    insert.exec();
  }
}

// The forecast row `seq` with its days (of `area` only, unless "").
Forecast Read(ReadTx& tx, int64_t seq, const std::string& area) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& head = lease.Prepare(
      "SELECT id, issued_at, source, created_by, created_at FROM forecasts "
      "WHERE seq = ?");
  head.bind(1, seq);
  head.executeStep();
  Forecast f{head.getColumn(0).getString(),
             FromUnixSeconds(head.getColumn(1).getInt64()),
             head.getColumn(2).getString(),
             head.getColumn(3).getString(),
             FromUnixSeconds(head.getColumn(4).getInt64()),
             {}};
  head.reset();
  SQLite::Statement& days = lease.Prepare(
      "SELECT area, date, aqi, pm25, primary_pollutant FROM forecast_days "
      "WHERE forecast_seq = ?1 AND (?2 = '' OR area = ?2) ORDER BY area, "
      "date");
  days.bind(1, seq);
  days.bind(2, area);
  while (days.executeStep()) {
    std::optional<double> pm25;
    if (!days.getColumn(3).isNull()) pm25 = days.getColumn(3).getDouble();
    f.days.push_back(
        {days.getColumn(0).getString(),
         {days.getColumn(1).getString(), days.getColumn(2).getInt(), pm25,
          TextOrEmpty(days.getColumn(4))}});
  }
  return f;
}

// Per area, the newest forecast's seq that covers it (areas in plan order).
std::vector<std::pair<std::string, int64_t>> LatestByArea(
    ReadTx& tx, const std::string& area) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT a.code, (SELECT max(d.forecast_seq) FROM forecast_days d WHERE "
      "d.area = a.code) FROM areas_view a WHERE (?1 = '' OR a.code = ?1) "
      "ORDER BY a.seq");
  query.bind(1, area);
  std::vector<std::pair<std::string, int64_t>> latest;
  while (query.executeStep()) {
    if (query.getColumn(1).isNull()) continue;
    latest.emplace_back(query.getColumn(0).getString(),
                        query.getColumn(1).getInt64());
  }
  return latest;
}

// The regional notices read for the recommendations: the newest.
constexpr int kNoticesRead = 200;

// Answered: every area of the notice is at its level (a lift: unwarned).
bool Answered(const RegionalNotice& notice,
              const std::function<InForce(const std::string&)>& current) {
  return std::all_of(
      notice.areas.begin(), notice.areas.end(), [&](const std::string& a) {
        const int have = LevelRank(current(a).level);
        return notice.level == "none" ? have == 0
                                      : have >= LevelRank(notice.level);
      });
}

std::vector<RegionalNotice> Unanswered(
    const std::vector<RegionalNotice>& notices,
    const std::function<InForce(const std::string&)>& current) {
  std::vector<RegionalNotice> open;
  for (const RegionalNotice& n : notices) {
    if (!Answered(n, current)) open.push_back(n);
  }
  return open;
}

// The newest unanswered notice covering `area`, or nullptr.
const RegionalNotice* NoticeFor(const std::vector<RegionalNotice>& open,
                                const std::string& area) {
  for (const RegionalNotice& n : open) {
    if (std::find(n.areas.begin(), n.areas.end(), area) != n.areas.end()) {
      return &n;
    }
  }
  return nullptr;
}

std::vector<std::string> AreasInOrder(ReadTx& tx) {
  SQLite::Statement& query =
      Store::LeaseOf(tx).Prepare("SELECT code FROM areas_view ORDER BY seq");
  std::vector<std::string> areas;
  while (query.executeStep()) areas.push_back(query.getColumn(0).getString());
  return areas;
}

// What an unanswered notice adds: its level if higher (or its lift), and
// the time left to answer it.
void Follow(const RegionalNotice& notice, TimePoint now,
            AreaRecommendation* r) {
  Recommendation& rec = r->recommendation;
  const bool lift = notice.level == "none";
  if (lift || LevelRank(notice.level) > LevelRank(rec.level)) {
    rec.level = notice.level;
    rec.action = ActionFor(notice.level, r->in_force, lift);
  }
  const auto left =
      std::chrono::duration_cast<std::chrono::minutes>(notice.respond_by - now);
  const std::string due =
      left.count() > 0 ? "，须在" + std::to_string(left.count() / 60) + "小时" +
                             std::to_string(left.count() % 60) + "分钟内响应"
                       : "，已超过响应时限";
  rec.basis +=
      std::string(rec.basis.empty() ? "" : "；") + notice.issued_by + "《" +
      notice.document_no + "》要求" +
      (lift ? std::string("解除预警") : LevelWords(notice.level) + "预警") +
      due;
  r->regional_notice_id = notice.id;
}

}  // namespace

ForecastService::ForecastService(Store& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Result<Forecast> ForecastService::Submit(const Actor& actor,
                                         const ForecastInput& input) {
  try {
    WriteTx tx(store_);
    if (Status valid = Check(input, internal::AreaCodes(tx)); !valid.ok()) {
      return valid.error();
    }
    const TimePoint now = clock_.Now();
    const std::string id = NewId("fc-");
    SQLite::Statement& insert = Store::LeaseOf(tx).Prepare(
        "INSERT INTO forecasts (id, issued_at, source, created_by, "
        "created_at) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, id);
    insert.bind(2, ToUnixSeconds(input.issued_at));
    insert.bind(3, input.source);
    insert.bind(4, actor.username);
    insert.bind(5, ToUnixSeconds(now));
    insert.exec();
    const int64_t seq = Store::LeaseOf(tx).db().getLastInsertRowid();
    InsertDays(tx, seq, input.days);
    RecordAudit(tx,
                {actor.username, "forecast.submit", "forecast", id,
                 "{\"days\":" + std::to_string(input.days.size()) + "}"},
                now);
    Forecast stored = Read(tx, seq, "");
    tx.Commit();
    return stored;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("storing a forecast: ") + e.what());
  }
}

Result<std::vector<Forecast>> ForecastService::List(const std::string& area,
                                                    bool latest,
                                                    int limit) const {
  try {
    ReadTx tx(store_);
    std::vector<Forecast> list;
    if (latest) {
      for (const auto& [code, seq] : LatestByArea(tx, area)) {
        if (static_cast<int>(list.size()) >= limit) break;
        list.push_back(Read(tx, seq, code));
      }
      return list;
    }
    SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
        "SELECT seq FROM forecasts f WHERE ?1 = '' OR EXISTS (SELECT 1 FROM "
        "forecast_days d WHERE d.forecast_seq = f.seq AND d.area = ?1) ORDER "
        "BY seq DESC LIMIT ?2");
    query.bind(1, area);
    query.bind(2, limit);
    std::vector<int64_t> seqs;
    while (query.executeStep()) seqs.push_back(query.getColumn(0).getInt64());
    query.reset();
    for (int64_t seq : seqs) list.push_back(Read(tx, seq, area));
    return list;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("listing forecasts: ") + e.what());
  }
}

Result<std::vector<AreaRecommendation>> ForecastService::Recommendations(
    const std::map<std::string, InForce>& in_force) const {
  try {
    ReadTx tx(store_);
    const WarningRules rules = WarningRulesOf(tx);
    const auto current = [&](const std::string& area) {
      const auto found = in_force.find(area);
      return found == in_force.end() ? InForce{} : found->second;
    };
    const std::vector<RegionalNotice> open =
        Unanswered(internal::ReadNotices(tx, kNoticesRead), current);
    std::map<std::string, int64_t> latest;
    for (const auto& [area, seq] : LatestByArea(tx, "")) latest[area] = seq;
    std::vector<AreaRecommendation> out;
    for (const std::string& area : AreasInOrder(tx)) {
      const RegionalNotice* notice = NoticeFor(open, area);
      const auto seq = latest.find(area);
      if (seq == latest.end() && notice == nullptr) continue;
      AreaRecommendation r{area, {"none", "keep", ""}, "", current(area), ""};
      if (seq != latest.end()) {
        const Forecast forecast = Read(tx, seq->second, area);
        std::vector<ForecastDay> days;
        for (const AreaDay& d : forecast.days) days.push_back(d.day);
        r.recommendation =
            Recommend(rules, forecast.issued_at, days, r.in_force);
        r.forecast_id = forecast.id;
      }
      if (notice != nullptr) Follow(*notice, clock_.Now(), &r);
      out.push_back(std::move(r));
    }
    return out;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("recommending: ") + e.what());
  }
}

}  // namespace hazegate
