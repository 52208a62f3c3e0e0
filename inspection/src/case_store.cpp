#include "case_store.h"

#include "hazegate/core/columns.h"
#include "hazegate/core/ids.h"
#include "hazegate/core/store.h"

namespace hazegate::internal {

OpenedCase OpenOrJoinCase(WriteTx& tx, const std::string& site,
                          const std::string& warning_id,
                          const std::string& type, const std::string& order_id,
                          TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& open = lease.Prepare(
      "SELECT id FROM cases WHERE site = ? AND warning_id IS ? "
      "AND status != 'closed' ORDER BY seq LIMIT 1");
  open.bind(1, site);
  BindText(open, 2, warning_id);
  if (open.executeStep()) return {open.getColumn(0).getString(), false};
  const std::string id = NewId("case-");
  SQLite::Statement& insert = lease.Prepare(
      "INSERT INTO cases (id, site, warning_id, type, status, opened_at, "
      "order_id) VALUES (?, ?, ?, ?, 'open', ?, ?)");
  insert.bind(1, id);
  insert.bind(2, site);
  BindText(insert, 3, warning_id);
  insert.bind(4, type);
  insert.bind(5, ToUnixSeconds(now));
  BindText(insert, 6, order_id);
  insert.exec();
  return {id, true};
}

void AttachReport(WriteTx& tx, const std::string& case_id,
                  const std::string& inspection_id) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& insert = lease.Prepare(
      "INSERT OR IGNORE INTO case_reports (case_id, inspection_id) "
      "VALUES (?, ?)");
  insert.bind(1, case_id);
  insert.bind(2, inspection_id);
  insert.exec();
}

void AddCaseAction(WriteTx& tx, const CaseActionRow& row) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& insert = lease.Prepare(
      "INSERT INTO case_actions (case_id, action, by_user, at, note, due_at, "
      "order_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, row.case_id);
  insert.bind(2, row.action);
  insert.bind(3, row.by);
  insert.bind(4, ToUnixSeconds(row.at));
  insert.bind(5, row.note);
  BindTime(insert, 6, row.due_at);
  BindText(insert, 7, row.order_id);
  insert.exec();
}

void SetCaseStatus(WriteTx& tx, const std::string& case_id,
                   const std::string& status, TimePoint now,
                   const std::string& evidence) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& update = lease.Prepare(
      "UPDATE cases SET status = ?1, "
      "closed_at = CASE WHEN ?1 = 'closed' THEN ?2 ELSE closed_at END, "
      "evidence = COALESCE(?3, evidence) WHERE id = ?4");
  update.bind(1, status);
  update.bind(2, ToUnixSeconds(now));
  BindText(update, 3, evidence);
  update.bind(4, case_id);
  update.exec();
}

std::vector<std::string> RectifyingCasesOf(ReadTx& tx,
                                           const std::string& site) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT id FROM cases WHERE site = ? AND status = 'rectifying' "
      "ORDER BY seq");
  query.bind(1, site);
  std::vector<std::string> ids;
  while (query.executeStep()) ids.push_back(query.getColumn(0).getString());
  return ids;
}

std::optional<Case> ReadCase(ReadTx& tx, const std::string& case_id) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& row = lease.Prepare(
      "SELECT id, site, warning_id, type, status, opened_at, closed_at, "
      "order_id, evidence FROM cases WHERE id = ?");
  row.bind(1, case_id);
  if (!row.executeStep()) return std::nullopt;
  Case c{row.getColumn(0).getString(),
         row.getColumn(1).getString(),
         TextOrEmpty(row.getColumn(2)),
         row.getColumn(3).getString(),
         row.getColumn(4).getString(),
         FromUnixSeconds(row.getColumn(5).getInt64()),
         OptionalTime(row.getColumn(6)),
         TextOrEmpty(row.getColumn(7)),
         TextOrEmpty(row.getColumn(8)),
         {},
         {}};
  SQLite::Statement& reports = lease.Prepare(
      "SELECT r.inspection_id FROM case_reports r JOIN inspections i "
      "ON i.id = r.inspection_id WHERE r.case_id = ? ORDER BY i.seq");
  reports.bind(1, case_id);
  while (reports.executeStep()) {
    c.reports.push_back(reports.getColumn(0).getString());
  }
  SQLite::Statement& actions = lease.Prepare(
      "SELECT action, by_user, at, note, due_at, order_id FROM case_actions "
      "WHERE case_id = ? ORDER BY seq");
  actions.bind(1, case_id);
  while (actions.executeStep()) {
    c.actions.push_back(
        {actions.getColumn(0).getString(), actions.getColumn(1).getString(),
         FromUnixSeconds(actions.getColumn(2).getInt64()),
         actions.getColumn(3).getString(), OptionalTime(actions.getColumn(4)),
         TextOrEmpty(actions.getColumn(5))});
  }
  return c;
}

}  // namespace hazegate::internal
