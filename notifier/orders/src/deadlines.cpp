#include "hazegate/orders/deadlines.h"

#include "hazegate/config/plan_settings.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/ids.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/order_store.h"

namespace hazegate {

using nlohmann::json;

namespace {

constexpr int kBatch = 500;

struct Overdue {
  std::string id, org, kind, warning_id, title, level, org_kind, area, name;
  TimePoint due;
};

std::vector<Overdue> FindOverdue(ReadTx& tx, TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT o.id, o.org, o.kind, ifnull(o.warning_id, ''), o.title, "
      "ifnull(o.level, ''), g.kind, g.area, g.name, o.ack_due_at "
      "FROM orders o JOIN orgs_view g ON g.id = o.org "
      "WHERE o.status IN ('pending', 'delivered', 'received') AND o.ack_due_at "
      "<= ? "
      "ORDER BY o.ack_due_at LIMIT ?");
  query.bind(1, ToUnixSeconds(now));
  query.bind(2, kBatch);
  std::vector<Overdue> found;
  while (query.executeStep()) {
    found.push_back(
        {query.getColumn(0).getString(), query.getColumn(1).getString(),
         query.getColumn(2).getString(), query.getColumn(3).getString(),
         query.getColumn(4).getString(), query.getColumn(5).getString(),
         query.getColumn(6).getString(), query.getColumn(7).getString(),
         query.getColumn(8).getString(),
         FromUnixSeconds(query.getColumn(9).getInt64())});
  }
  return found;
}

// The county org of the recipient's area for enterprises, schools and
// sites; the office otherwise (and when the area has no county org).
std::pair<std::string, std::string> EscalationTarget(ReadTx& tx,
                                                     const Overdue& o) {
  if (o.org_kind == "enterprise" || o.org_kind == "school" ||
      o.org_kind == "site") {
    const std::string county = FirstOrg(tx, "county", o.area);
    if (!county.empty()) return {county, "county"};
  }
  return {FirstOrg(tx, "office", ""), "office"};
}

void Escalate(WriteTx& tx, const AckWindows& windows, const Overdue& o,
              TimePoint now) {
  const auto [target, target_kind] = EscalationTarget(tx, o);
  if (target.empty() || target == o.org) return;
  internal::OrderDraft d;
  d.org = target;
  d.kind = "escalation";
  d.level = o.level;
  d.warning_id = o.warning_id;
  d.effective_at = now;
  d.ack_due_at = windows.Due(target_kind, std::nullopt, now);
  d.refers_to = o.id;
  d.measures_json = json::array({{{"org", o.org}, {"order_id", o.id}}}).dump();
  d.title = "未按时确认：" + o.name;
  d.body = o.name + "未在" + internal::LocalMinutes(o.due) + "前确认《" +
           o.title + "》，请督促落实并跟进。";
  internal::InsertOrder(tx, d, now);
}

}  // namespace

DeadlineScheduler::DeadlineScheduler(Store& store, const Clock& clock,
                                     SilenceHandler on_silent_enterprise)
    : store_(store),
      clock_(clock),
      on_silent_enterprise_(std::move(on_silent_enterprise)) {}

Result<int> DeadlineScheduler::Tick() {
  int total = 0;
  try {
    for (;;) {
      WriteTx tx(store_);
      Store::Lease& lease = Store::LeaseOf(tx);
      const TimePoint now = clock_.Now();
      const std::vector<Overdue> overdue = FindOverdue(tx, now);
      const AckWindows windows(tx);
      SQLite::Statement& mark =
          lease.Prepare("UPDATE orders SET status = 'overdue' WHERE id = ?");
      for (const Overdue& o : overdue) {
        mark.reset();
        mark.bind(1, o.id);
        mark.exec();
        const bool escalates =
            o.kind != "escalation" && o.kind != "lift_notice";
        if (escalates) Escalate(tx, windows, o, now);
        if (o.kind == "enterprise_measures" && on_silent_enterprise_) {
          on_silent_enterprise_(tx, o.id, o.org, o.warning_id, now);
        }
      }
      tx.Commit();
      total += static_cast<int>(overdue.size());
      if (overdue.size() < static_cast<size_t>(kBatch)) break;
    }
  } catch (const std::exception& e) {
    return Error::Internal(std::string("deadline pass: ") + e.what());
  }
  return total;
}

}  // namespace hazegate
