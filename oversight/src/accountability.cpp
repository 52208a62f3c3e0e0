#include "hazegate/oversight/accountability.h"

#include <algorithm>
#include <set>

#include "hazegate/config/plan_settings.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/ids.h"
#include "hazegate/core/json.h"
#include "hazegate/core/split.h"
#include "hazegate/core/store.h"
#include "hazegate/core/text_field.h"

namespace hazegate {

namespace {

using nlohmann::json;

const std::vector<std::string> kStatuses = {
    "new",        "checking",         "reminded",
    "criticised", "held_accountable", "dismissed"};

// The official bodies a lead may name.
constexpr const char* kOfficial = "('unit', 'agency', 'county', 'group')";

// What the data shows: per body, kind and warning, the evidence's ids.
struct Finding {
  std::string org, warning_id, kind;
  std::vector<std::string> ids;
};

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  for (std::string& part : SplitOn(text, ',')) {
    if (!part.empty()) out.push_back(std::move(part));
  }
  std::sort(out.begin(), out.end());
  return out;
}

void Collect(SQLite::Statement& query, int64_t now,
             std::vector<Finding>* found) {
  query.bind(1, now);
  while (query.executeStep()) {
    found->push_back({query.getColumn(0).getString(),
                      TextOrEmpty(query.getColumn(1)),
                      query.getColumn(2).getString(),
                      Split(query.getColumn(3).getString())});
  }
}

std::vector<Finding> Failures(ReadTx& tx, int64_t now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  std::vector<Finding> found;
  Collect(
      lease.Prepare(
          std::string("SELECT o.org, o.warning_id, CASE WHEN o.kind = "
                      "'escalation' THEN 'escalation_unhandled' ELSE 'no_ack' "
                      "END AS k, group_concat(o.id) FROM orders_view o JOIN "
                      "orgs_view g ON g.id = o.org WHERE g.kind IN ") +
          kOfficial +
          " AND o.warning_id IS NOT NULL AND NOT o.exercise AND o.kind "
          "NOT IN ('approval_request', 'lift_notice') AND o.ack_due_at <= "
          "?1 AND ((o.acked_at IS NULL AND o.status != 'canceled') OR "
          "o.acked_at > o.ack_due_at) GROUP BY o.org, o.warning_id, k"),
      now, &found);
  Collect(lease.Prepare(
              std::string(
                  "SELECT d.org, d.warning_id, CASE WHEN d.report_id IS NULL "
                  "THEN 'report_missing' ELSE 'report_late' END AS k, "
                  "group_concat(d.seq) FROM report_dues d JOIN orgs_view g ON "
                  "g.id = d.org JOIN warnings_view w ON w.id = d.warning_id "
                  "WHERE g.kind IN ") +
              kOfficial +
              " AND NOT w.exercise AND d.due_at < ?1 AND (d.report_id IS NULL "
              "OR d.reported_at > d.due_at) GROUP BY d.org, d.warning_id, k"),
          now, &found);
  Collect(lease.Prepare(
              "SELECT g.id, c.warning_id, 'rectification_overdue', "
              "group_concat(DISTINCT c.id) FROM cases_view c JOIN "
              "case_actions_view a ON a.case_id = c.id AND a.action = "
              "'order_rectification' JOIN orgs_view s ON s.id = c.site JOIN "
              "orgs_view g ON g.kind = 'county' AND g.area = s.area WHERE "
              "a.due_at < ?1 AND c.status NOT IN ('closed', 'penalized') "
              "GROUP BY g.id, c.warning_id"),
          now, &found);
  return found;
}

const char* EvidenceKey(const std::string& kind) {
  if (kind == "report_missing" || kind == "report_late") {
    return "report_due_ids";
  }
  return kind == "rectification_overdue" ? "case_ids" : "order_ids";
}

void AddStep(WriteTx& tx, const std::string& lead, const LeadStep& step) {
  SQLite::Statement& insert = Store::LeaseOf(tx).Prepare(
      "INSERT INTO lead_steps (lead_id, status, by_user, note, at) VALUES "
      "(?, ?, ?, ?, ?)");
  insert.bind(1, lead);
  insert.bind(2, step.status);
  insert.bind(3, step.by);
  insert.bind(4, step.note);
  insert.bind(5, ToUnixSeconds(step.at));
  insert.exec();
}

// Opens the finding's lead, or widens its evidence; true if opened.
bool Record(WriteTx& tx, const Finding& f, TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  const std::string evidence = json{{EvidenceKey(f.kind), f.ids}}.dump();
  SQLite::Statement& existing = lease.Prepare(
      "SELECT id, evidence FROM accountability_leads WHERE org = ? AND kind = "
      "? AND warning_id = ?");
  existing.bind(1, f.org);
  existing.bind(2, f.kind);
  existing.bind(3, f.warning_id);
  if (existing.executeStep()) {
    if (existing.getColumn(1).getString() == evidence) return false;
    SQLite::Statement& update = lease.Prepare(
        "UPDATE accountability_leads SET evidence = ? WHERE id = ?");
    update.bind(1, evidence);
    update.bind(2, existing.getColumn(0).getString());
    update.exec();
    return false;
  }
  const std::string id = NewId("lead-");
  SQLite::Statement& insert = lease.Prepare(
      "INSERT INTO accountability_leads (id, org, kind, warning_id, found_at, "
      "evidence, status) VALUES (?, ?, ?, ?, ?, ?, 'new')");
  insert.bind(1, id);
  insert.bind(2, f.org);
  insert.bind(3, f.kind);
  insert.bind(4, f.warning_id);
  insert.bind(5, ToUnixSeconds(now));
  insert.bind(6, evidence);
  insert.exec();
  AddStep(tx, id, {"new", "system", "系统发现", now});
  RecordAudit(tx,
              {"system", "lead.open", "lead", id,
               json{{"org", f.org}, {"kind", f.kind}}.dump()},
              now);
  return true;
}

Lead ReadLead(ReadTx& tx, SQLite::Statement& row) {
  Lead lead{.id = row.getColumn(0).getString(),
            .org = row.getColumn(1).getString(),
            .kind = row.getColumn(2).getString(),
            .warning_id = row.getColumn(3).getString(),
            .found_at = FromUnixSeconds(row.getColumn(4).getInt64()),
            .evidence = {},
            .status = row.getColumn(6).getString(),
            .history = {}};
  const json evidence = json::parse(row.getColumn(5).getString());
  lead.evidence.order_ids =
      evidence.value("order_ids", std::vector<std::string>{});
  lead.evidence.report_due_ids =
      evidence.value("report_due_ids", std::vector<std::string>{});
  lead.evidence.case_ids =
      evidence.value("case_ids", std::vector<std::string>{});
  SQLite::Statement& steps = Store::LeaseOf(tx).Prepare(
      "SELECT status, by_user, note, at FROM lead_steps WHERE lead_id = ? "
      "ORDER BY seq");
  steps.bind(1, lead.id);
  while (steps.executeStep()) {
    lead.history.push_back({steps.getColumn(0).getString(),
                            steps.getColumn(1).getString(),
                            steps.getColumn(2).getString(),
                            FromUnixSeconds(steps.getColumn(3).getInt64())});
  }
  return lead;
}

constexpr const char* kLeadColumns =
    "id, org, kind, warning_id, found_at, evidence, status";

std::optional<Lead> LoadLead(ReadTx& tx, const std::string& id) {
  SQLite::Statement& query =
      Store::LeaseOf(tx).Prepare(std::string("SELECT ") + kLeadColumns +
                                 " FROM accountability_leads WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  return ReadLead(tx, query);
}

}  // namespace

namespace internal {

int FindLeads(WriteTx& tx, TimePoint now) {
  int opened = 0;
  for (const Finding& f : Failures(tx, ToUnixSeconds(now))) {
    opened += Record(tx, f, now) ? 1 : 0;
  }
  return opened;
}

}  // namespace internal

AccountabilityService::AccountabilityService(Store& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Result<std::vector<Lead>> AccountabilityService::List(
    const LeadFilter& filter, bool everything,
    const std::string& reader_org) const {
  if (!filter.status.empty() && std::find(kStatuses.begin(), kStatuses.end(),
                                          filter.status) == kStatuses.end()) {
    return Error::InvalidField("status", "unknown status " + filter.status);
  }
  try {
    ReadTx tx(store_);
    SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
        std::string("SELECT ") + kLeadColumns +
        " FROM accountability_leads WHERE (?1 = '' OR org = ?1) AND (?2 = '' "
        "OR status = ?2) AND (?3 = '' OR warning_id = ?3) AND (?4 = '' OR org "
        "= ?4) ORDER BY seq DESC LIMIT 1000");
    query.bind(1, filter.org);
    query.bind(2, filter.status);
    query.bind(3, filter.warning);
    query.bind(4, everything ? "" : reader_org);
    std::vector<std::string> ids;
    while (query.executeStep()) ids.push_back(query.getColumn(0).getString());
    std::vector<Lead> leads;
    for (const std::string& id : ids) {
      if (auto lead = LoadLead(tx, id)) leads.push_back(std::move(*lead));
    }
    return leads;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("listing leads: ") + e.what());
  }
}

Result<bool> AccountabilityService::IsCommission(const std::string& org) const {
  try {
    ReadTx tx(store_);
    const std::string commission = DisciplineCommissionOf(tx);
    return !commission.empty() && commission == org;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("reading the commission: ") + e.what());
  }
}

Result<Lead> AccountabilityService::Act(const std::string& id,
                                        const std::string& status,
                                        const std::string& note,
                                        const Actor& actor) {
  if (status == "new" || std::find(kStatuses.begin(), kStatuses.end(),
                                   status) == kStatuses.end()) {
    return Error::InvalidField(
        "status",
        "must be checking, reminded, criticised, held_accountable or "
        "dismissed");
  }
  if (Status ok = CheckTextField("note", note, 2000); !ok.ok()) {
    return ok.error();
  }
  try {
    WriteTx tx(store_);
    const std::string commission = DisciplineCommissionOf(tx);
    if (commission.empty() || actor.org != commission) {
      return Error::Forbidden("only the discipline commission acts on leads");
    }
    if (!LoadLead(tx, id)) return Error::NotFound("lead " + id);
    const TimePoint now = clock_.Now();
    SQLite::Statement& update = Store::LeaseOf(tx).Prepare(
        "UPDATE accountability_leads SET status = ? WHERE id = ?");
    update.bind(1, status);
    update.bind(2, id);
    update.exec();
    AddStep(tx, id, {status, actor.username, note, now});
    RecordAudit(tx,
                {actor.username, "lead.action", "lead", id,
                 json{{"status", status}, {"note", note}}.dump()},
                now);
    auto lead = LoadLead(tx, id);
    tx.Commit();
    return *lead;
  } catch (const std::exception& e) {
    return Error::Internal("acting on lead " + id + ": " + e.what());
  }
}

}  // namespace hazegate
