// InspectionService's reads: one record, filtered lists, GeoJSON, CSV,
// photos.
#include <cmath>
#include <nlohmann/json.hpp>
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

// The report's findings as sent, "" if none.
std::string Findings(const std::string& report_json) {
  const json report = json::parse(report_json);
  const json findings = report.value("findings", json(""));
  return findings.is_string() ? findings.get<std::string>() : "";
}

std::string CsvRow(const Inspection& r, const std::string& site_name) {
  const InspectionAnswer& a = r.answer;
  std::string flags;
  for (const EvidenceFlag& flag : a.flags) {
    flags += (flags.empty() ? "" : ";") + flag.name;
  }
  const auto& check = a.location_check;
  const std::vector<std::string> cells = {
      CsvCell(a.id),
      CsvCell(a.site),
      CsvCell(site_name),
      CsvCell(FormatRfc3339(a.captured_at)),
      CsvCell(a.verdict),
      Number(r.location.lat),
      Number(r.location.lon),
      check ? Number(check->distance_m) : "",
      check ? (check->within_geofence ? "yes" : "no") : "",
      CsvCell(flags),
      std::to_string(a.photos.size()),
      CsvCell(a.case_id),
      CsvCell(r.inspector_org),
      CsvCell(r.submitted_by),
      CsvCell(Findings(r.report_json))};
  return CsvLine(cells);
}

}  // namespace

Result<Inspection> InspectionService::Get(
    const std::string& id, const std::string& visible_site,
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
    return internal::InspectionFrom(query);
  } catch (const std::exception& e) {
    return Error::Internal(std::string("reading inspection: ") + e.what());
  }
}

Result<std::vector<Inspection>> InspectionService::List(
    const InspectionFilter& filter) const {
  std::vector<Inspection> list;
  auto status =
      ForEachInspection(store_, filter, internal::kInspectionColumns,
                        [&list](SQLite::Statement& row) {
                          list.push_back(internal::InspectionFrom(row));
                        });
  if (!status.ok()) return status.error();
  return list;
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
      csv += CsvRow(internal::InspectionFrom(query),
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
