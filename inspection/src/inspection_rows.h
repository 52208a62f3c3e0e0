// Inspection reports as rows. Writes go inside a WriteTx.
#pragma once

#include <string>
#include <vector>

#include "evidence.h"
#include "hazegate/core/actor.h"
#include "hazegate/core/store.h"
#include "hazegate/inspection/inspections.h"

namespace hazegate::internal {

struct InspectionRow {
  const InspectionReport& report;
  const std::string& warning_id;
  const Actor& inspector;
  const std::string& content_hash;
  std::string response;  // the 201 body, replayed on retries
  const std::string& case_id;
  TimePoint now;
};

void InsertPhoto(WriteTx& tx, const ReceivedPhoto& photo, TimePoint now);
void InsertInspection(WriteTx& tx, const InspectionRow& row);
void InsertPhotoLinks(WriteTx& tx, const std::string& inspection_id,
                      const std::vector<ReceivedPhoto>& photos);
void InsertFlags(WriteTx& tx, const std::string& inspection_id,
                 const std::vector<EvidenceFlag>& flags);

// The columns InspectionFrom reads, for "SELECT <...> FROM inspections i".
inline constexpr const char* kInspectionColumns =
    "i.response, i.report, i.inspector_org, i.submitted_by, i.created_at, "
    "i.lat, i.lon";

// The stored answer plus the report as sent and who sent it when.
Inspection InspectionFrom(SQLite::Statement& row);

}  // namespace hazegate::internal
