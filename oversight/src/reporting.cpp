#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "hazegate/core/store.h"
#include "hazegate/orders/order_queue.h"
#include "hazegate/orders/order_store.h"
#include "reporting_rules.h"

namespace hazegate::internal {

using nlohmann::json;

namespace {

constexpr int kBatch = 500;
constexpr int64_t kDay = 86400;

bool Lists(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool AppliesAt(const ReportingRule& rule, const std::string& level) {
  return !rule.levels || Lists(*rule.levels, level);
}

// The org of the order, its kind, and the order's warning and level.
struct OrderFacts {
  std::string org, org_kind, warning_id, level;
};

std::optional<OrderFacts> FactsOf(ReadTx& tx, const std::string& order_id) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT o.org, g.kind, ifnull(o.warning_id, ''), ifnull(o.level, '') "
      "FROM orders_view o JOIN orgs_view g ON g.id = o.org WHERE o.id = ?");
  query.bind(1, order_id);
  if (!query.executeStep()) return std::nullopt;
  return OrderFacts{
      query.getColumn(0).getString(), query.getColumn(1).getString(),
      query.getColumn(2).getString(), query.getColumn(3).getString()};
}

void InsertDue(WriteTx& tx, const std::string& warning_id,
               const std::string& org, const std::string& order_id,
               const ReportingRule& rule, TimePoint due) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& insert = lease.Prepare(
      "INSERT OR IGNORE INTO report_dues (warning_id, org, order_id, rule, "
      "schedule, due_at, escalate_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, warning_id);
  insert.bind(2, org);
  insert.bind(3, order_id);
  insert.bind(4, rule.id);
  insert.bind(5, rule.schedule);
  insert.bind(6, ToUnixSeconds(due));
  insert.bind(7, ToUnixSeconds(due) + rule.escalate_after_h * int64_t{3600});
  insert.exec();
}

struct MissingReport {
  int64_t seq;
  std::string warning_id, org, org_name, order_id, level, rule;
  TimePoint due;
};

// Past-due reports not yet reminded (or escalated), of active warnings.
std::vector<MissingReport> Missing(ReadTx& tx, const char* moment,
                                   const char* sent, TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      std::string(
          "SELECT d.seq, d.warning_id, d.org, g.name, d.order_id, "
          "w.level, d.rule, d.due_at FROM report_dues d JOIN "
          "warnings_view w ON w.id = d.warning_id JOIN orgs_view g ON g.id = "
          "d.org WHERE d.report_id IS NULL AND d.") +
      sent + " IS NULL AND d." + moment +
      " <= ? AND w.status = 'active' ORDER BY d." + moment + " LIMIT ?");
  query.bind(1, ToUnixSeconds(now));
  query.bind(2, kBatch);
  std::vector<MissingReport> found;
  while (query.executeStep()) {
    found.push_back(
        {query.getColumn(0).getInt64(), query.getColumn(1).getString(),
         query.getColumn(2).getString(), query.getColumn(3).getString(),
         query.getColumn(4).getString(), query.getColumn(5).getString(),
         query.getColumn(6).getString(),
         FromUnixSeconds(query.getColumn(7).getInt64())});
  }
  return found;
}

void MarkSent(WriteTx& tx, const char* column, int64_t seq, TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& mark = lease.Prepare(
      std::string("UPDATE report_dues SET ") + column + " = ? WHERE seq = ?");
  mark.bind(1, ToUnixSeconds(now));
  mark.bind(2, seq);
  mark.exec();
}

// The order about `m` to `to` at `stage` ("reminder", "escalation").
OrderDraft ReportOrder(const MissingReport& m, const std::string& to,
                       const std::string& stage) {
  OrderDraft d;
  d.org = to;
  d.kind = "escalation";
  d.level = m.level;
  d.warning_id = m.warning_id;
  d.refers_to = m.order_id;
  d.measures_json = json::array({{{"org", m.org},
                                  {"org_name", m.org_name},
                                  {"report_rule", m.rule},
                                  {"report_due_at", FormatRfc3339(m.due)},
                                  {"stage", stage}}})
                        .dump();
  return d;
}

int Remind(WriteTx& tx, TimePoint now) {
  const auto missing = Missing(tx, "due_at", "reminded_at", now);
  for (const MissingReport& m : missing) {
    OrderDraft d = ReportOrder(m, m.org, "reminder");
    d.title = "催报：落实情况报告已逾期";
    d.body = m.org_name + "：应于" + LocalMinutes(m.due) +
             "前报送的落实情况报告尚未收到，请尽快报送。";
    QueueOrder(tx, d, now);
    MarkSent(tx, "reminded_at", m.seq, now);
  }
  return static_cast<int>(missing.size());
}

int Escalate(WriteTx& tx, TimePoint now) {
  const auto missing = Missing(tx, "escalate_at", "escalated_at", now);
  if (missing.empty()) return 0;
  const std::string office = FirstOrg(tx, "office", "");
  for (const MissingReport& m : missing) {
    if (!office.empty()) {
      OrderDraft d = ReportOrder(m, office, "escalation");
      d.title = "逾期未报：" + m.org_name + "落实情况报告";
      d.body = m.org_name + "应于" + LocalMinutes(m.due) +
               "前报送的落实情况报告经催报仍未收到，请督办。";
      QueueOrder(tx, d, now);
    }
    MarkSent(tx, "escalated_at", m.seq, now);
  }
  return office.empty() ? 0 : static_cast<int>(missing.size());
}

// Each daily report whose last deadline passed gets the next one, a day
// later, while its warning is active.
void NextDailies(WriteTx& tx, TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& insert = lease.Prepare(
      "INSERT OR IGNORE INTO report_dues (warning_id, org, order_id, rule, "
      "schedule, due_at, escalate_at) SELECT d.warning_id, d.org, "
      "d.order_id, d.rule, 'daily', d.due_at + 86400, d.escalate_at + 86400 "
      "FROM report_dues d JOIN warnings_view w ON w.id = d.warning_id WHERE "
      "d.schedule = 'daily' AND d.due_at <= ?1 AND w.status = 'active' AND "
      "d.due_at = (SELECT max(due_at) FROM report_dues x WHERE x.warning_id "
      "= d.warning_id AND x.org = d.org)");
  insert.bind(1, ToUnixSeconds(now));
  insert.exec();
}

}  // namespace

ReportingRules::ReportingRules(ReadTx& tx) : rules_(ReportingRulesOf(tx)) {}

std::optional<ReportingRule> ReportingRules::For(
    const std::string& org, const std::string& kind,
    const std::string& level) const {
  for (const bool by_org : {true, false}) {
    for (const ReportingRule& rule : rules_) {
      const bool names =
          by_org ? Lists(rule.orgs, org) : Lists(rule.kinds, kind);
      if (names && AppliesAt(rule, level)) return rule;
    }
  }
  return std::nullopt;
}

ReportingRule ReportingRules::Rule(const std::string& rule_id) const {
  for (const ReportingRule& rule : rules_) {
    if (rule.id == rule_id) return rule;
  }
  return ReportingRule{};
}

TimePoint FirstDue(const ReportingRule& rule, TimePoint ordered_at) {
  if (rule.schedule != "daily") {
    return ordered_at + std::chrono::hours(rule.within_h);
  }
  // The first local `at` that leaves kFirstDailyLead to report.
  const int64_t offset = int64_t{kBeijingOffsetMinutes} * 60;
  const int64_t earliest = ToUnixSeconds(ordered_at + kFirstDailyLead) + offset;
  int64_t due = earliest - earliest % kDay + int64_t{rule.at_minutes} * 60;
  if (due < earliest) due += kDay;
  return FromUnixSeconds(due - offset);
}

void ScheduleReports(WriteTx& tx, const std::string& warning_id,
                     const std::string& level,
                     const std::vector<FannedOutOrder>& orders, TimePoint now) {
  const ReportingRules rules(tx);
  for (const FannedOutOrder& order : orders) {
    const auto rule = rules.For(order.org, order.org_kind, level);
    if (!rule) continue;
    InsertDue(tx, warning_id, order.org, order.order_id, *rule,
              FirstDue(*rule, now));
  }
}

Status CheckFigures(ReadTx& tx, const std::string& order_id,
                    const std::map<std::string, double>& figures) {
  const auto facts = FactsOf(tx, order_id);
  if (!facts || facts->warning_id.empty()) return Ok{};
  const auto rule =
      ReportingRules(tx).For(facts->org, facts->org_kind, facts->level);
  if (!rule || rule->figures.empty()) return Ok{};
  std::set<std::string> named;
  for (const FigureSpec& figure : rule->figures) {
    named.insert(figure.name);
    const auto value = figures.find(figure.name);
    if (value == figures.end()) {
      return Error::InvalidField("figures." + figure.name,
                                 "is required (" + figure.unit + ")");
    }
    const double most = figure.max.value_or(1e9);
    if (value->second < 0 || value->second > most) {
      return Error::InvalidField(
          "figures." + figure.name,
          "must be a number from 0 to " + json(most).dump());
    }
  }
  for (const auto& [name, value] : figures) {
    if (!named.contains(name)) {
      return Error::InvalidField("figures." + name,
                                 "is not in the report's template");
    }
  }
  return Ok{};
}

void SettleReportDue(WriteTx& tx, const std::string& order_id,
                     const std::string& org, const std::string& report_id,
                     TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& settle = lease.Prepare(
      "UPDATE report_dues SET report_id = ?1, reported_at = ?2 WHERE seq = "
      "(SELECT seq FROM report_dues WHERE org = ?3 AND report_id IS NULL AND "
      "warning_id = (SELECT warning_id FROM orders_view WHERE id = ?4) ORDER "
      "BY "
      "due_at LIMIT 1)");
  settle.bind(1, report_id);
  settle.bind(2, ToUnixSeconds(now));
  settle.bind(3, org);
  settle.bind(4, order_id);
  settle.exec();
}

void DropFutureReportDues(WriteTx& tx, const std::string& warning_id,
                          TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& drop = lease.Prepare(
      "DELETE FROM report_dues WHERE warning_id = ? AND report_id IS NULL "
      "AND due_at > ?");
  drop.bind(1, warning_id);
  drop.bind(2, ToUnixSeconds(now));
  drop.exec();
}

int TickReporting(WriteTx& tx, TimePoint now) {
  const int sent = Remind(tx, now) + Escalate(tx, now);
  NextDailies(tx, now);
  return sent;
}

std::vector<ReportOwed> ReportingStatus(ReadTx& tx,
                                        const std::string& warning_id,
                                        const std::string& visible,
                                        const std::string& scope_org,
                                        TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  const ReportingRules rules(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT d.org, g.kind, d.rule, d.due_at, d.report_id, d.reported_at, "
      "d.order_id "
      "FROM report_dues d JOIN orgs_view g ON g.id = d.org WHERE d.warning_id "
      "= ?1 "
      "AND " +
      visible + " ORDER BY d.due_at, d.org");
  query.bind(1, warning_id);
  query.bind(9, scope_org);
  std::vector<ReportOwed> list;
  const int64_t at = ToUnixSeconds(now);
  while (query.executeStep()) {
    const int64_t due = query.getColumn(3).getInt64();
    ReportingRule rule = rules.Rule(query.getColumn(2).getString());
    ReportOwed& row = list.emplace_back();
    row.org = query.getColumn(0).getString();
    row.kind = query.getColumn(1).getString();
    row.order_id = query.getColumn(6).getString();
    row.rule = query.getColumn(2).getString();
    row.title = std::move(rule.title);
    row.figures = std::move(rule.figures);
    row.due_at = FromUnixSeconds(due);
    if (query.getColumn(4).isNull()) {
      row.status = at < due ? "due" : "missing";
    } else {
      row.report_id = query.getColumn(4).getString();
      row.status = query.getColumn(5).getInt64() <= due ? "received" : "late";
    }
  }
  return list;
}

}  // namespace hazegate::internal
