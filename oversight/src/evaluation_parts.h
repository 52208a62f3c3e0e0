// Parts of the evaluation (EvaluationService): the emission-reduction account
// and the printable page. Read-only in the caller's transaction.
#pragma once

#include <string>

#include "hazegate/core/tx.h"
#include "hazegate/oversight/evaluation.h"
#include "hazegate/warnings/warning.h"

namespace hazegate::internal {

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
