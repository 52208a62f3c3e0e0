// InspectionService's reads: one record, filtered lists, GeoJSON, CSV,
// photos.
#include <cmath>
#include <sstream>

#include "hazegate/config/csv.h"
#include "hazegate/core/store.h"
#include "hazegate/inspection/inspections.h"
#include "inspection_rows.h"

namespace hazegate {

namespace {

using nlohmann::json;

// "SELECT <columns> FROM inspections i WHERE <filter> ORDER BY i.seq DESC".
struct FilteredQuery {
  std::string sql;
  std::vector<std::string> texts;
  std::optional<int64_t> since;
};

FilteredQuery BuildQuery(const InspectionFilter& f, const char* columns) {
  FilteredQuery q{
      std::string("SELECT ") + columns + " FROM inspections i WHERE i.seq < ?",
      {},
      std::nullopt};
  auto equal = [&q](const std::string& value, const char* column) {
    if (value.empty()) return;
    q.sql += std::string(" AND ") + column + " = ?";
    q.texts.push_back(value);
  };
  equal(f.site, "i.site");
  equal(f.visible_site, "i.site");
  if (!f.visible_area.empty()) {
    q.sql += " AND i.site IN (SELECT id FROM orgs_view WHERE area = ?)";
    q.texts.push_back(f.visible_area);
  }
  equal(f.warning, "i.warning_id");
  equal(f.verdict, "i.verdict");
  if (!f.flag.empty()) {
    q.sql +=
        " AND EXISTS (SELECT 1 FROM inspection_flags g WHERE "
        "g.inspection_id = i.id AND g.flag = ?)";
    q.texts.push_back(f.flag);
  }
  if (f.since) {
    q.sql += " AND i.captured_at >= ?";
    q.since = ToUnixSeconds(*f.since);
  }
  q.sql += " ORDER BY i.seq DESC LIMIT ?";
  return q;
}

// Runs the filtered query, calling `visit` per row.
template <typename Visit>
Status ForEachInspection(Store& store, const InspectionFilter& filter,
                         const char* columns, Visit visit) {
  ReadTx tx(store);
  Store::Lease& lease = Store::LeaseOf(tx);
  try {
    const auto before = SeqBefore(tx, "inspections", "id", filter.page.before,
                                  {"site", filter.visible_site});
    if (!before.ok()) return before.error();
    const FilteredQuery q = BuildQuery(filter, columns);
    SQLite::Statement& query = lease.Prepare(q.sql);
    int index = 1;
    query.bind(index++, before.value());
    for (const std::string& text : q.texts) query.bind(index++, text);
    if (q.since) query.bind(index++, *q.since);
    query.bind(index, filter.page.limit);
    while (query.executeStep()) visit(query);
    return Ok{};
  } catch (const std::exception& e) {
    return Error::Internal(std::string("reading inspections: ") + e.what());
  }
}

std::string Number(double value) {
  std::ostringstream out;
  out.precision(10);
  out << value;
  return out.str();
}

std::string CsvRow(const json& r, const std::string& site_name) {
  std::string flags;
  for (const json& flag : r["flags"]) {
    flags += (flags.empty() ? "" : ";") + flag.get<std::string>();
  }
  const json& report = r["report"];
  const json& check = r["location_check"];
  const std::vector<std::string> cells = {
      CsvCell(r["id"].get<std::string>()),
      CsvCell(r["site"].get<std::string>()),
      CsvCell(site_name),
      CsvCell(r["captured_at"].get<std::string>()),
      CsvCell(r["verdict"].get<std::string>()),
      Number(report["location"]["lat"].get<double>()),
      Number(report["location"]["lon"].get<double>()),
      check.is_null() ? "" : Number(check["distance_m"].get<double>()),
      check.is_null() ? ""
                      : (check["within_geofence"].get<bool>() ? "yes" : "no"),
      CsvCell(flags),
      std::to_string(r["photos"].size()),
      CsvCell(r.value("case_id", "")),
      CsvCell(r["inspector_org"].get<std::string>()),
      CsvCell(r["submitted_by"].get<std::string>()),
      CsvCell(report.value("findings", json("")).is_string()
                  ? report.value("findings", "")
                  : "")};
  return CsvLine(cells);
}

}  // namespace

Result<json> InspectionService::Get(const std::string& id,
                                    const std::string& visible_site,
                                    const std::string& visible_area) const {
  auto lease = store_.Acquire();
  try {
    SQLite::Statement& query = lease.Prepare(
        std::string("SELECT ") + internal::kInspectionColumns +
        ", i.site FROM inspections i WHERE i.id = ?1 AND (?2 = '' OR i.site "
        "IN (SELECT id FROM orgs_view WHERE area = ?2))");
    query.bind(1, id);
    query.bind(2, visible_area);
    if (!query.executeStep() ||
        (!visible_site.empty() &&
         query.getColumn(7).getString() != visible_site)) {
      return Error::NotFound("inspection " + id);
    }
    return internal::InspectionJson(query);
  } catch (const std::exception& e) {
    return Error::Internal(std::string("reading inspection: ") + e.what());
  }
}

Result<json> InspectionService::List(const InspectionFilter& filter) const {
  json list = json::array();
  auto status =
      ForEachInspection(store_, filter, internal::kInspectionColumns,
                        [&list](SQLite::Statement& row) {
                          list.push_back(internal::InspectionJson(row));
                        });
  if (!status.ok()) return status.error();
  return list;
}

Result<json> InspectionService::GeoJson(const InspectionFilter& filter) const {
  json features = json::array();
  auto status = ForEachInspection(
      store_, filter, internal::kInspectionColumns,
      [&features](SQLite::Statement& row) {
        json record = internal::InspectionJson(row);
        json properties = {{"id", record["id"]},
                           {"site", record["site"]},
                           {"verdict", record["verdict"]},
                           {"captured_at", record["captured_at"]},
                           {"warning_id", record["warning_id"]},
                           {"flags", record["flags"]},
                           {"case_id", record.value("case_id", json())},
                           {"photos", record["photos"].size()}};
        features.push_back(
            {{"type", "Feature"},
             {"geometry",
              {{"type", "Point"},
               {"coordinates",
                {row.getColumn(6).getDouble(), row.getColumn(5).getDouble()}}}},
             {"properties", std::move(properties)}});
      });
  if (!status.ok()) return status.error();
  return json{{"type", "FeatureCollection"}, {"features", features}};
}

Result<std::string> InspectionService::Csv(
    const std::string& warning_id, const std::string& visible_area) const {
  auto lease = store_.Acquire();
  try {
    SQLite::Statement& warning =
        lease.Prepare("SELECT 1 FROM warnings_view WHERE id = ?");
    warning.bind(1, warning_id);
    if (!warning.executeStep()) return Error::NotFound("warning " + warning_id);
    SQLite::Statement& query = lease.Prepare(
        std::string("SELECT ") + internal::kInspectionColumns +
        ", o.name FROM inspections i JOIN orgs_view o ON o.id = i.site "
        "WHERE i.warning_id = ?1 AND (?2 = '' OR o.area = ?2) ORDER BY i.seq");
    query.bind(1, warning_id);
    query.bind(2, visible_area);
    std::string csv =
        "\xEF\xBB\xBF"
        "id,site,site_name,captured_at,verdict,lat,lon,distance_m,"
        "within_geofence,flags,photos,case_id,inspector_org,submitted_by,"
        "findings\r\n";
    while (query.executeStep()) {
      csv += CsvRow(internal::InspectionJson(query),
                    query.getColumn(7).getString());
    }
    return csv;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("exporting inspections: ") + e.what());
  }
}

std::optional<PhotoFacts> InspectionService::StoredPhoto(
    const std::string& sha256) const {
  auto lease = store_.Acquire();
  try {
    SQLite::Statement& query = lease.Prepare(
        "SELECT width, height, exif_time, exif_lat, exif_lon FROM photos "
        "WHERE sha256 = ?");
    query.bind(1, sha256);
    if (!query.executeStep()) return std::nullopt;
    PhotoFacts facts{query.getColumn(0).getInt(), query.getColumn(1).getInt(),
                     std::nullopt, std::nullopt};
    if (!query.getColumn(2).isNull()) {
      facts.taken_at = ParseRfc3339(query.getColumn(2).getString());
    }
    if (!query.getColumn(3).isNull() && !query.getColumn(4).isNull()) {
      facts.location = GeoPoint{query.getColumn(3).getDouble(),
                                query.getColumn(4).getDouble()};
    }
    return facts;
  } catch (const std::exception&) {
    return std::nullopt;  // decode it instead
  }
}

Status InspectionService::PhotoVisible(const std::string& sha256,
                                       const std::string& visible_site,
                                       const std::string& visible_area) const {
  auto lease = store_.Acquire();
  try {
    SQLite::Statement& query = lease.Prepare(
        "SELECT 1 FROM inspection_photos p JOIN inspections i "
        "ON i.id = p.inspection_id WHERE p.sha256 = ?1 "
        "AND (?2 = '' OR i.site = ?2) AND (?3 = '' OR i.site IN (SELECT id "
        "FROM orgs_view WHERE area = ?3)) LIMIT 1");
    query.bind(1, sha256);
    query.bind(2, visible_site);
    query.bind(3, visible_area);
    if (!query.executeStep()) return Error::NotFound("photo " + sha256);
  } catch (const std::exception& e) {
    return Error::Internal(std::string("reading photo: ") + e.what());
  }
  return Ok{};
}

}  // namespace hazegate
