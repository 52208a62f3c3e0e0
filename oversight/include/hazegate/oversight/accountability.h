// Accountability leads (问责线索, contract v3 "Information work", issue 23):
// failures of official bodies (member units, agencies, counties and parks,
// groups) the system finds by itself across warnings — an order not
// acknowledged in time, an escalation left unanswered, a report missing or
// late, a rectification in a county's area left overdue — one lead per
// body, kind and warning, its evidence growing as more is found. The plan's
// discipline commission (州纪委监委) moves a lead through its statuses;
// every step is on the lead's history and the audit trail. Drills open
// none. Thread-safe; Store and Clock outlive it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/actor.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"

namespace hazegate {

struct LeadEvidence {
  std::vector<std::string> order_ids, report_due_ids, case_ids;
};

struct LeadStep {
  std::string status, by, note;
  TimePoint at;
};

struct Lead {
  std::string id, org;
  std::string kind;  // no_ack, report_missing, report_late,
                     // escalation_unhandled, rectification_overdue
  std::string warning_id;
  TimePoint found_at;
  LeadEvidence evidence;
  std::string status;             // new, checking, reminded, criticised,
                                  // held_accountable, dismissed
  std::vector<LeadStep> history;  // oldest first, the opening included
};

struct LeadFilter {
  std::string org, status, warning;  // "" = any
};

class AccountabilityService {
 public:
  AccountabilityService(Store& store, const Clock& clock);

  // Newest first. `everything`: the office, the command and the
  // commission; otherwise only `reader_org`'s own leads. kInvalidInput
  // naming status for an unknown one.
  Result<std::vector<Lead>> List(const LeadFilter& filter, bool everything,
                                 const std::string& reader_org) const;

  // True if `org` is the plan's discipline commission.
  Result<bool> IsCommission(const std::string& org) const;

  // The commission's step: kForbidden for any other org, kNotFound, or
  // kInvalidInput naming status (not one of the statuses but new) or note
  // (1-2,000 bytes).
  Result<Lead> Act(const std::string& id, const std::string& status,
                   const std::string& note, const Actor& actor);

 private:
  Store& store_;
  const Clock& clock_;
};

namespace internal {

// Opens or extends the leads the data shows by `now`; how many were opened.
int FindLeads(WriteTx& tx, TimePoint now);

}  // namespace internal

}  // namespace hazegate
