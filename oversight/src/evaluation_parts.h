// Parts of the evaluation (EvaluationService), shared with the bulletins:
// the tallies, the timeline, the emission-reduction account and the
// printable page. Read-only in the caller's transaction.
#pragma once

#include <string>

#include "hazegate/core/tx.h"
#include "hazegate/oversight/evaluation.h"
#include "hazegate/warnings/warning.h"

namespace hazegate::internal {

// The warning's reports owed and filed by `now`, its inspections and its
// cases; `area` "" = the whole warning, else only that area's orgs.
ReportTally Reports(ReadTx& tx, const std::string& warning_id, int64_t now,
                    const std::string& area);
InspectionTally Inspections(ReadTx& tx, const std::string& warning_id,
                            const std::string& area);
CaseTally Cases(ReadTx& tx, const std::string& warning_id,
                const std::string& area);

// The warning's decisions from the audit trail, and its fan-out (unsorted).
std::vector<TimelineEvent> Timeline(ReadTx& tx, const Warning& row);

// The warning's reduction account (evaluation.h). `area` "" = the whole
// warning; else only that area's enterprises.
ReductionAccount AccountReductions(ReadTx& tx, const Warning& row,
                                   const std::string& area);

// The drill stages' timings (evaluation.h), over the response orders
// acknowledged or past their deadline by the warning's end (or `now`).
StageTimings TimeStages(ReadTx& tx, const Warning& row, int64_t now);

// The regional notices the warning answered (never for a drill).
std::vector<NoticeAnswer> AnsweredNotices(ReadTx& tx, const Warning& row);

// The warning's findings, oldest first.
std::vector<Finding> ReadFindings(ReadTx& tx, const std::string& warning_id);

// The cited consultation and the notices answered, as timeline events.
void AddForecastEvents(ReadTx& tx, const Warning& row,
                       const std::vector<NoticeAnswer>& answered,
                       std::vector<TimelineEvent>* timeline);

// The summary as an A4 page in Chinese (HTML, no scripts).
std::string SummaryPage(ReadTx& tx, const Summary& summary);

}  // namespace hazegate::internal
