#include "hazegate/inspection/inspections.h"

#include <spdlog/spdlog.h>

#include "case_store.h"
#include "evidence.h"
#include "hazegate/core/ids.h"
#include "hazegate/core/json.h"
#include "hazegate/core/store.h"
#include "hazegate/inspection/inspection_json.h"
#include "inspection_rows.h"
#include "inspection_submit.h"

namespace hazegate {

namespace {

using nlohmann::json;

std::string ContentHash(const Submission& submission) {
  std::string content = submission.report.document_json;
  for (const ReceivedPhoto& photo : submission.photos) {
    content += "\n" + photo.sha256();
  }
  return Sha256Hex(content);
}

// One submission: the replay check, the checks and the rows.
class Submitter {
 public:
  Submitter(Store& store, BlobStore& blobs, const Clock& clock,
            const EvidencePolicy& policy)
      : store_(store), blobs_(blobs), clock_(clock), policy_(policy) {}

  // Checks first without the write lock (a refused report publishes no
  // photo), then publishes the photos (rename and fsync, slow), then writes
  // the rows in one short transaction that checks again.
  Result<SubmitOutcome> Submit(Submission submission, const Actor& inspector) {
    const std::string content_hash = ContentHash(submission);
    try {
      {
        ReadTx tx(store_);
        auto replay = Replay(tx, submission.report.id, content_hash);
        if (!replay.ok() || replay.value()) return Unwrap(std::move(replay));
        auto checked = Check(tx, submission.report, inspector);
        if (!checked.ok()) return checked.error();
      }
      std::vector<bool> already_stored;
      for (const ReceivedPhoto& photo : submission.photos) {
        auto created = blobs_.Publish(*photo.upload);
        if (!created.ok()) return created.error();
        already_stored.push_back(!created.value());
      }
      WriteTx tx(store_);
      auto replay = Replay(tx, submission.report.id, content_hash);
      if (!replay.ok() || replay.value()) return Unwrap(std::move(replay));
      auto kept = KeepPublished(submission, already_stored);
      if (!kept.ok()) return kept.error();
      auto stored = StoreReport(tx, submission, content_hash, inspector);
      if (!stored.ok()) return stored.error();
      tx.Commit();
      return SubmitOutcome{true, std::move(stored).value()};
    } catch (const std::exception& e) {
      return Error::Internal(std::string("storing inspection: ") + e.what());
    }
  }

 private:
  struct Checked {
    internal::InspectedSite site;
    std::optional<internal::WarningPeriod> warning;
  };

  // The site, the inspector's right to inspect it, the warning.
  static Result<Checked> Check(ReadTx& tx, const InspectionReport& report,
                               const Actor& inspector) {
    auto site = internal::LoadSite(tx, report.site);
    if (!site.ok()) return site.error();
    auto allowed = internal::MayInspect(tx, inspector.org, site.value());
    if (!allowed.ok()) return allowed.error();
    if (!allowed.value()) {
      return Error::Forbidden("site " + report.site +
                              " is outside your county's area");
    }
    auto warning = internal::LoadWarning(tx, report, inspector.org);
    if (!warning.ok()) return warning.error();
    return Checked{std::move(site).value(), std::move(warning).value()};
  }

  // Under the write lock: a photo that was already stored may have been
  // collected as an orphan since (its time was refreshed, but the collector
  // may have looked just before): publish it again. Rare.
  Status KeepPublished(const Submission& submission,
                       const std::vector<bool>& already_stored) {
    for (size_t i = 0; i < submission.photos.size(); ++i) {
      const ReceivedPhoto& photo = submission.photos[i];
      if (already_stored[i] && !blobs_.Exists(photo.sha256())) {
        auto created = blobs_.Publish(*photo.upload);
        if (!created.ok()) return created.error();
      }
    }
    return Ok{};
  }

  static Result<SubmitOutcome> Unwrap(
      Result<std::optional<SubmitOutcome>> replay) {
    if (!replay.ok()) return replay.error();
    return std::move(*replay.value());
  }

  // A stored report with this id: the same content replays its answer,
  // other content is a conflict.
  Result<std::optional<SubmitOutcome>> Replay(ReadTx& tx, const std::string& id,
                                              const std::string& hash) {
    Store::Lease& lease = Store::LeaseOf(tx);
    SQLite::Statement& query = lease.Prepare(
        "SELECT content_hash, response FROM inspections WHERE id = ?");
    query.bind(1, id);
    if (!query.executeStep()) return std::optional<SubmitOutcome>();
    if (query.getColumn(0).getString() != hash) {
      return Error::Conflict("report " + id +
                             " was already submitted with other content");
    }
    return std::optional<SubmitOutcome>(SubmitOutcome{
        false, AnswerFromJson(json::parse(query.getColumn(1).getString()))});
  }

  // The rows: checked again under the write lock, then inserted.
  Result<InspectionAnswer> StoreReport(WriteTx& tx,
                                       const Submission& submission,
                                       const std::string& content_hash,
                                       const Actor& inspector) {
    const InspectionReport& report = submission.report;
    auto checked = Check(tx, report, inspector);
    if (!checked.ok()) return checked.error();
    const auto& [site, warning] = checked.value();
    const TimePoint now = clock_.Now();
    const std::vector<std::string> reused =
        ReusedIn(tx, submission.photos, report.id);
    const internal::EvidenceInput input{
        report, site, warning, submission.photos, reused, now};
    const std::vector<EvidenceFlag> flags =
        internal::CheckEvidence(input, policy_);
    for (const ReceivedPhoto& photo : submission.photos) {
      internal::InsertPhoto(tx, photo, now);
    }
    const std::string warning_id = warning ? warning->id : std::string();
    const std::string case_id = CaseFor(tx, report, warning_id, inspector, now,
                                        !submission.photos.empty());
    InspectionAnswer answer = Answer(input, flags, case_id, warning_id);
    internal::InsertInspection(tx, {report, warning_id, inspector, content_hash,
                                    AnswerToJson(answer).dump(), case_id, now});
    internal::InsertPhotoLinks(tx, report.id, submission.photos);
    internal::InsertFlags(tx, report.id, flags);
    if (report.verdict == "non_compliant") {
      internal::AttachReport(tx, case_id, report.id);
    } else if (!submission.photos.empty()) {
      // Only evidence closes a case: a compliant report without a photo is
      // stored, and the case stays as it was.
      CloseRectifyingCases(tx, report, inspector, now);
    }
    RecordAudit(
        tx,
        {inspector.username, "inspection.submit", "inspection", report.id,
         json{{"site", report.site}, {"verdict", report.verdict}}.dump()},
        now);
    return answer;
  }

  static std::vector<std::string> ReusedIn(
      ReadTx& tx, const std::vector<ReceivedPhoto>& photos,
      const std::string& id) {
    Store::Lease& lease = Store::LeaseOf(tx);
    SQLite::Statement& query = lease.Prepare(
        "SELECT inspection_id FROM inspection_photos WHERE sha256 = ? AND "
        "inspection_id != ? LIMIT 1");
    std::vector<std::string> reused;
    for (const ReceivedPhoto& photo : photos) {
      query.reset();
      query.bind(1, photo.sha256());
      query.bind(2, id);
      reused.push_back(query.executeStep() ? query.getColumn(0).getString()
                                           : "");
    }
    return reused;
  }

  // The case a report belongs to: on non_compliant the site's open case
  // for the warning (opened now if none); on compliant with a photo the
  // first of the site's cases awaiting rectification, which the report
  // will close.
  static std::string CaseFor(WriteTx& tx, const InspectionReport& report,
                             const std::string& warning_id,
                             const Actor& inspector, TimePoint now,
                             bool has_photos) {
    if (report.verdict != "non_compliant") {
      if (!has_photos) return "";
      const auto rectifying = internal::RectifyingCasesOf(tx, report.site);
      return rectifying.empty() ? "" : rectifying.front();
    }
    const internal::OpenedCase found = internal::OpenOrJoinCase(
        tx, report.site, warning_id, "inspection", "", now);
    if (found.opened) {
      RecordAudit(tx,
                  {inspector.username, "case.open", "case", found.id,
                   json{{"report", report.id}}.dump()},
                  now);
    }
    return found.id;
  }

  // A compliant re-inspection closes the site's cases awaiting
  // rectification, with the report as evidence.
  static void CloseRectifyingCases(WriteTx& tx, const InspectionReport& report,
                                   const Actor& inspector, TimePoint now) {
    for (const std::string& id : internal::RectifyingCasesOf(tx, report.site)) {
      internal::AddCaseAction(
          tx, {id, "close", inspector.username,
               "compliant re-inspection " + report.id, now, std::nullopt, ""});
      internal::SetCaseStatus(tx, id, "closed", now, report.id);
      internal::AttachReport(tx, id, report.id);
      RecordAudit(tx,
                  {inspector.username, "case.close", "case", id,
                   json{{"evidence", report.id}}.dump()},
                  now);
    }
  }

  static InspectionAnswer Answer(const internal::EvidenceInput& input,
                                 const std::vector<EvidenceFlag>& flags,
                                 const std::string& case_id,
                                 const std::string& warning_id) {
    InspectionAnswer answer{.id = input.report.id,
                            .site = input.report.site,
                            .warning_id = warning_id,
                            .verdict = input.report.verdict,
                            .captured_at = input.report.captured_at,
                            .photos = {},
                            .location_check = std::nullopt,
                            .flags = flags,
                            .case_id = case_id};
    for (const ReceivedPhoto& photo : input.photos) {
      answer.photos.push_back({photo.sha256(),
                               static_cast<int64_t>(photo.bytes()),
                               photo.facts.width, photo.facts.height});
    }
    if (const auto location = internal::CheckSiteLocation(input)) {
      answer.location_check =
          LocationCheck{std::round(location->distance_m * 10) / 10,
                        location->within_geofence};
    }
    return answer;
  }

  Store& store_;
  BlobStore& blobs_;
  const Clock& clock_;
  const EvidencePolicy& policy_;
};

}  // namespace

InspectionService::InspectionService(Store& store, BlobStore& blobs,
                                     const Clock& clock, EvidencePolicy policy)
    : store_(store), blobs_(blobs), clock_(clock), policy_(policy) {}

Result<SubmitOutcome> InspectionService::Submit(Submission submission,
                                                const Actor& inspector) {
  return Submitter(store_, blobs_, clock_, policy_)
      .Submit(std::move(submission), inspector);
}

Result<size_t> InspectionService::CollectOrphanPhotos(
    std::chrono::seconds grace) {
  constexpr size_t kPerRun = 1000;
  const std::vector<std::string> old = blobs_.OlderThan(grace, kPerRun);
  if (old.empty()) return size_t{0};
  try {
    // Under the write lock no submission can commit a reference meanwhile;
    // one that refreshed a file's time since the listing keeps it.
    WriteTx tx(store_);
    Store::Lease& lease = Store::LeaseOf(tx);
    SQLite::Statement& referenced =
        lease.Prepare("SELECT 1 FROM photos WHERE sha256 = ?");
    size_t removed = 0;
    for (const std::string& sha256 : old) {
      referenced.reset();
      referenced.bind(1, sha256);
      if (referenced.executeStep() || !blobs_.IsOlderThan(sha256, grace)) {
        continue;
      }
      blobs_.Remove(sha256);
      ++removed;
    }
    tx.Commit();
    if (removed > 0) spdlog::info("removed {} orphan photo files", removed);
    return removed;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("collecting orphan photos: ") +
                           e.what());
  }
}

}  // namespace hazegate
