// Cases as rows: shared by inspection submission (a verdict opens, attaches
// to or closes a case) and the case actions. Call inside a WriteTx.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/store.h"
#include "hazegate/inspection/case.h"

namespace hazegate::internal {

struct CaseActionRow {
  std::string case_id;
  std::string action;
  std::string by;
  std::string note;
  TimePoint at;
  std::optional<TimePoint> due_at;
  std::string order_id;
};

// The site's case for the warning that is not closed; one is opened (of
// `type`, "inspection" or "no_ack", with the overdue `order_id` of a no_ack
// case) if there is none. The only writer of new cases: one open case per
// site and warning.
struct OpenedCase {
  std::string id;
  bool opened = false;  // false: joined the case already open
};
OpenedCase OpenOrJoinCase(WriteTx& tx, const std::string& site,
                          const std::string& warning_id,
                          const std::string& type, const std::string& order_id,
                          TimePoint now);

void AttachReport(WriteTx& tx, const std::string& case_id,
                  const std::string& inspection_id);

void AddCaseAction(WriteTx& tx, const CaseActionRow& row);

// Sets the status (and closed_at / evidence when closing).
void SetCaseStatus(WriteTx& tx, const std::string& case_id,
                   const std::string& status, TimePoint now,
                   const std::string& evidence = "");

// The site's cases in status `rectifying`.
std::vector<std::string> RectifyingCasesOf(ReadTx& tx, const std::string& site);

// The case with its reports and actions, or nullopt if unknown.
std::optional<Case> ReadCase(ReadTx& tx, const std::string& case_id);

}  // namespace hazegate::internal
