#include "fanout_job.h"

#include <map>
#include <string_view>

#include "hazegate/core/columns.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/order.h"

namespace hazegate::internal {

namespace {

using OrderKey = std::tuple<std::string, std::string, std::string>;

std::string Unmarked(const std::string& title) {
  const std::string_view mark = kExerciseMark;
  return title.starts_with(mark) ? title.substr(mark.size()) : title;
}

}  // namespace

void OpenFanOutJob(WriteTx& tx, const std::string& warning_id, size_t planned,
                   TimePoint activated_at) {
  SQLite::Statement& insert = Store::LeaseOf(tx).Prepare(
      "INSERT INTO fanout_jobs (warning_id, planned, activated_at) VALUES "
      "(?, ?, ?)");
  insert.bind(1, warning_id);
  insert.bind(2, static_cast<int64_t>(planned));
  insert.bind(3, ToUnixSeconds(activated_at));
  insert.exec();
}

void CloseFanOutJob(WriteTx& tx, const std::string& warning_id, TimePoint now) {
  SQLite::Statement& update = Store::LeaseOf(tx).Prepare(
      "UPDATE fanout_jobs SET finished_at = ? WHERE warning_id = ? AND "
      "finished_at IS NULL");
  update.bind(1, ToUnixSeconds(now));
  update.bind(2, warning_id);
  update.exec();
}

std::vector<FanOutJob> OpenFanOutJobs(ReadTx& tx) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT warning_id, activated_at FROM fanout_jobs WHERE finished_at IS "
      "NULL ORDER BY activated_at");
  std::vector<FanOutJob> jobs;
  while (query.executeStep()) {
    jobs.push_back({query.getColumn(0).getString(),
                    FromUnixSeconds(query.getColumn(1).getInt64())});
  }
  return jobs;
}

std::vector<RecipientOrder> NotYetWritten(ReadTx& tx,
                                          const std::string& warning_id,
                                          std::vector<RecipientOrder> planned) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT org, kind, title FROM orders_view WHERE warning_id = ?");
  query.bind(1, warning_id);
  std::map<OrderKey, int> written;
  while (query.executeStep()) {
    ++written[{query.getColumn(0).getString(), query.getColumn(1).getString(),
               Unmarked(query.getColumn(2).getString())}];
  }
  std::vector<RecipientOrder> rest;
  for (RecipientOrder& order : planned) {
    const OrderKey key{order.draft.org, order.draft.kind,
                       Unmarked(order.draft.title)};
    auto found = written.find(key);
    if (found != written.end() && found->second > 0) {
      --found->second;
    } else {
      rest.push_back(std::move(order));
    }
  }
  return rest;
}

}  // namespace hazegate::internal
