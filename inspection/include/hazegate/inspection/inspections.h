// Inspection reports (contract §3 "Inspections"): submission with evidence
// checks (flags), idempotent by report id; cases opened and closed by
// verdicts; reads and exports. Thread-safe; Store, BlobStore and Clock
// outlive it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hazegate/config/directory.h"
#include "hazegate/core/actor.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"
#include "hazegate/inspection/blob_store.h"
#include "hazegate/inspection/inspection.h"
#include "hazegate/inspection/submission.h"

namespace hazegate {

// Thresholds of the evidence checks.
struct EvidencePolicy {
  double exif_distance_slack_m = 100;  // beyond accuracy_m
  std::chrono::seconds exif_time_slack{15 * 60};
  std::chrono::seconds clock_skew{5 * 60};  // "in the future" tolerance
};

struct InspectionFilter {
  std::string site;
  std::string warning;
  std::string verdict;
  std::string flag;
  std::optional<TimePoint> since;  // captured at or after
  std::string visible_site;        // "" = all; else only this site's reports
  std::string visible_area;        // "" = all; else only its sites' reports
  PageRequest page;
};

struct SubmitOutcome {
  bool created = false;  // false: a replay of a stored report
  InspectionAnswer answer;
};

class InspectionService {
 public:
  InspectionService(Store& store, BlobStore& blobs, const Clock& clock,
                    EvidencePolicy policy = {});

  // Stores the report's rows in one transaction, or none; its photos are
  // published (renamed into place, fsynced) before the write lock is taken.
  // kNotFound for an unknown site; kInvalidInput naming the field for a site
  // that is not inspectable, an unknown warning or assignment; kConflict for
  // a known id with different content.
  Result<SubmitOutcome> Submit(Submission submission, const Actor& inspector);

  // `visible_site`, `visible_area`: as in InspectionFilter (kNotFound
  // outside them).
  Result<Inspection> Get(const std::string& id, const std::string& visible_site,
                         const std::string& visible_area = "") const;

  // Removes photo files that no report refers to and that are older than
  // `grace` (left by a crash or a refusal between publishing and commit);
  // returns how many. A file in flight is younger than `grace`.
  Result<size_t> CollectOrphanPhotos(std::chrono::seconds grace);
  // Newest first, one page.
  Result<std::vector<Inspection>> List(const InspectionFilter& filter) const;
  // UTF-8 with BOM, one row per report of the warning; kNotFound if unknown.
  Result<std::string> Csv(const std::string& warning_id,
                          const std::string& visible_area = "") const;

  // The facts of a stored photo (for SubmissionBuilder's KnownPhoto), or
  // nullopt if it is not stored.
  std::optional<PhotoFacts> StoredPhoto(const std::string& sha256) const;

  // Ok if the photo belongs to a report the caller may see, else
  // kNotFound (its bytes are then read from the BlobStore).
  Status PhotoVisible(const std::string& sha256,
                      const std::string& visible_site,
                      const std::string& visible_area = "") const;

 private:
  Store& store_;
  BlobStore& blobs_;
  const Clock& clock_;
  EvidencePolicy policy_;
};

}  // namespace hazegate
