// A fan-out too big for one chunk is a job (table fanout_jobs): the
// activation's transaction writes the first chunk and opens the job, the
// rest is written chunk by chunk, each in its own transaction, and the last
// one closes it; a job still open at startup is finished then. Free
// functions on the caller's transaction.
#pragma once

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "fanout.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/tx.h"

namespace hazegate::internal {

struct FanOutJob {
  std::string warning_id;
  TimePoint activated_at;
};

void OpenFanOutJob(WriteTx& tx, const std::string& warning_id, size_t planned,
                   TimePoint activated_at);
void CloseFanOutJob(WriteTx& tx, const std::string& warning_id, TimePoint now);
std::vector<FanOutJob> OpenFanOutJobs(ReadTx& tx);

// The planned orders of `warning_id` that are not written yet: one order is
// known by its org, kind and title (a drill's mark aside), since a unit may
// hold a task of its own and one as a group's member.
std::vector<RecipientOrder> NotYetWritten(ReadTx& tx,
                                          const std::string& warning_id,
                                          std::vector<RecipientOrder> planned);

}  // namespace hazegate::internal
