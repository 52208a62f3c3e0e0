// Cases (contract §3 "Cases"): lists, one case with its reports and actions,
// and the actions that move it: order_rectification (sends a `rectification`
// order through the notifier's outbox), record_penalty, refer_discipline,
// close. Each action is one transaction with its audit row; `outbox_written`
// is called after a commit that queued an order. Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "hazegate/config/directory.h"
#include "hazegate/core/actor.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"
#include "hazegate/inspection/case.h"

namespace hazegate {

struct CaseFilter {
  std::string status;
  std::string site;
  std::string visible_site;  // "" = all; else only this site's cases
  std::string visible_area;  // "" = all; else only cases of its sites
  PageRequest page;
};

class CaseService {
 public:
  // The notifier's SilenceHandler (deadlines.h): an enterprise left its
  // measures order unacknowledged; opens its no_ack case for the warning,
  // or joins the case already open. Inside the caller's transaction.
  static void OpenForSilence(WriteTx& tx, const std::string& order_id,
                             const std::string& site,
                             const std::string& warning_id, TimePoint now);

  CaseService(Store& store, const Clock& clock,
              std::function<void()> outbox_written);

  Result<std::vector<Case>> List(const CaseFilter& filter) const;
  // Cases not yet closed, of sites in `visible_area` ("" = all): the
  // board's tile.
  Result<int64_t> CountOpen(const std::string& visible_area) const;

  // kNotFound unless the case is of `visible_site` and of a site in
  // `visible_area` (each "" = any).
  Result<Case> Get(const std::string& id, const std::string& visible_site,
                   const std::string& visible_area) const;

  // kInvalidInput on an unknown action, an empty note, a due_at past.
  // `acting_area` "" may act on any case; else only on cases of sites in
  // that area (kNotFound otherwise, as if none). kConflict on a closed case
  // or an action its status does not allow.
  Result<Case> Act(const std::string& id, const CaseActionRequest& request,
                   const Actor& actor, const std::string& acting_area);

 private:
  Store& store_;
  const Clock& clock_;
  std::function<void()> outbox_written_;
};

}  // namespace hazegate
