#include "inspection_rows.h"

#include "hazegate/core/columns.h"
#include "hazegate/core/store.h"
#include "hazegate/inspection/inspection_json.h"

namespace hazegate::internal {

using nlohmann::json;

void InsertPhoto(WriteTx& tx, const ReceivedPhoto& photo, TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& insert = lease.Prepare(
      "INSERT OR IGNORE INTO photos (sha256, bytes, width, height, "
      "exif_time, exif_lat, exif_lon, stored_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, photo.sha256());
  insert.bind(2, static_cast<int64_t>(photo.bytes()));
  insert.bind(3, photo.facts.width);
  insert.bind(4, photo.facts.height);
  const auto& facts = photo.facts;
  facts.taken_at ? insert.bind(5, FormatRfc3339(*facts.taken_at))
                 : insert.bind(5);
  facts.location ? insert.bind(6, facts.location->lat) : insert.bind(6);
  facts.location ? insert.bind(7, facts.location->lon) : insert.bind(7);
  insert.bind(8, ToUnixSeconds(now));
  insert.exec();
}

void InsertInspection(WriteTx& tx, const InspectionRow& row) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& insert = lease.Prepare(
      "INSERT INTO inspections (id, site, warning_id, assignment_id, "
      "inspector_org, submitted_by, captured_at, lat, lon, accuracy_m, "
      "verdict, report, content_hash, response, case_id, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const InspectionReport& r = row.report;
  insert.bind(1, r.id);
  insert.bind(2, r.site);
  BindText(insert, 3, row.warning_id);
  BindText(insert, 4, r.assignment_id);
  insert.bind(5, row.inspector.org);
  insert.bind(6, row.inspector.username);
  insert.bind(7, ToUnixSeconds(r.captured_at));
  insert.bind(8, r.location.lat);
  insert.bind(9, r.location.lon);
  insert.bind(10, r.accuracy_m);
  insert.bind(11, r.verdict);
  insert.bind(12, r.document_json);
  insert.bind(13, row.content_hash);
  insert.bind(14, row.response);
  BindText(insert, 15, row.case_id);
  insert.bind(16, ToUnixSeconds(row.now));
  insert.exec();
}

void InsertPhotoLinks(WriteTx& tx, const std::string& inspection_id,
                      const std::vector<ReceivedPhoto>& photos) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& insert = lease.Prepare(
      "INSERT INTO inspection_photos (inspection_id, position, sha256) "
      "VALUES (?, ?, ?)");
  for (size_t i = 0; i < photos.size(); ++i) {
    insert.reset();
    insert.bind(1, inspection_id);
    insert.bind(2, static_cast<int64_t>(i));
    insert.bind(3, photos[i].sha256());
    insert.exec();
  }
}

void InsertFlags(WriteTx& tx, const std::string& inspection_id,
                 const std::vector<EvidenceFlag>& flags) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& insert = lease.Prepare(
      "INSERT INTO inspection_flags (inspection_id, flag, detail) "
      "VALUES (?, ?, ?)");
  for (const EvidenceFlag& flag : flags) {
    insert.reset();
    insert.bind(1, inspection_id);
    insert.bind(2, flag.name);
    insert.bind(3, flag.detail);
    insert.exec();
  }
}

Inspection InspectionFrom(SQLite::Statement& row) {
  return {AnswerFromJson(json::parse(row.getColumn(0).getString())),
          row.getColumn(1).getString(),
          {row.getColumn(5).getDouble(), row.getColumn(6).getDouble()},
          row.getColumn(2).getString(),
          row.getColumn(3).getString(),
          FromUnixSeconds(row.getColumn(4).getInt64())};
}

}  // namespace hazegate::internal
