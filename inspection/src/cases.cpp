#include "hazegate/inspection/cases.h"

#include <nlohmann/json.hpp>

#include "case_store.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/order_queue.h"

namespace hazegate {

namespace {

using nlohmann::json;

constexpr auto kDefaultRectificationTime = std::chrono::hours(24);
constexpr auto kRectificationAckWindow = std::chrono::hours(1);

// The request's checks that need no database.
Status CheckAction(const CaseActionRequest& request, TimePoint now) {
  const std::string& action = request.action;
  if (action != "order_rectification" && action != "record_penalty" &&
      action != "refer_discipline" && action != "close") {
    return Error::InvalidField("action", "unknown action " + action);
  }
  if (request.note.empty()) {
    return Error::InvalidField("note", "is required (a non-empty string)");
  }
  if (request.due_at && *request.due_at <= now) {
    return Error::InvalidField("due_at", "is in the past");
  }
  return Ok{};
}

// The status an action leads to from `status`, or kConflict.
Result<std::string> NextStatus(const std::string& status,
                               const std::string& action) {
  if (status == "closed") return Error::Conflict("the case is closed");
  if (action == "close") return std::string("closed");
  if (action == "refer_discipline") return status;
  if (status == "penalized") {
    return Error::Conflict(
        "the case is penalized: only refer_discipline or "
        "close");
  }
  return std::string(action == "record_penalty" ? "penalized" : "rectifying");
}

struct CaseSite {
  std::string status;
  std::string site;
  std::string site_name;
  std::string area;
  std::string warning_id;
};

std::optional<CaseSite> LoadCase(ReadTx& tx, const std::string& id) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT c.status, c.site, o.name, o.area, c.warning_id FROM cases c "
      "JOIN orgs_view o ON o.id = c.site WHERE c.id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  return CaseSite{
      query.getColumn(0).getString(), query.getColumn(1).getString(),
      query.getColumn(2).getString(), query.getColumn(3).getString(),
      TextOrEmpty(query.getColumn(4))};
}

std::string SendRectification(WriteTx& tx, const std::string& case_id,
                              const CaseSite& c, const CaseActionRequest& a,
                              TimePoint now) {
  OrderDraft order;
  order.org = c.site;
  order.kind = "rectification";
  order.title = "整改通知：" + c.site_name;
  order.body = c.site_name + "：经检查发现未按要求落实减排措施（案件 " +
               case_id + "）。" + a.note + " 请于" + FormatRfc3339(*a.due_at) +
               "前完成整改并报告。";
  order.measures_json = json::array({{{"case_id", case_id},
                                      {"due_at", FormatRfc3339(*a.due_at)}}})
                            .dump();
  order.warning_id = c.warning_id;
  order.effective_at = now;
  order.ack_due_at = std::min(*a.due_at, now + kRectificationAckWindow);
  return QueueOrder(tx, order, now);
}

std::string AreaOf(ReadTx& tx, const std::string& org) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query =
      lease.Prepare("SELECT area FROM orgs_view WHERE id = ?");
  query.bind(1, org);
  return query.executeStep() ? query.getColumn(0).getString() : "";
}

}  // namespace

CaseService::CaseService(Store& store, const Clock& clock,
                         std::function<void()> outbox_written)
    : store_(store),
      clock_(clock),
      outbox_written_(std::move(outbox_written)) {}

Result<std::vector<Case>> CaseService::List(const CaseFilter& filter) const {
  ReadTx tx(store_);
  Store::Lease& lease = Store::LeaseOf(tx);
  try {
    const auto before = SeqBefore(tx, "cases", "id", filter.page.before,
                                  {"site", filter.visible_site});
    if (!before.ok()) return before.error();
    SQLite::Statement& query = lease.Prepare(
        "SELECT id FROM cases WHERE seq < ?1 AND (?2 = '' OR status = ?2) "
        "AND (?3 = '' OR site = ?3) AND (?4 = '' OR site = ?4) "
        "AND (?6 = '' OR site IN (SELECT id FROM orgs_view WHERE area = ?6)) "
        "ORDER BY seq DESC LIMIT ?5");
    query.bind(1, before.value());
    query.bind(2, filter.status);
    query.bind(3, filter.site);
    query.bind(4, filter.visible_site);
    query.bind(5, filter.page.limit);
    query.bind(6, filter.visible_area);
    std::vector<std::string> ids;
    while (query.executeStep()) ids.push_back(query.getColumn(0).getString());
    std::vector<Case> list;
    for (const std::string& id : ids) {
      list.push_back(*internal::ReadCase(tx, id));
    }
    return list;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("listing cases: ") + e.what());
  }
}

Result<int64_t> CaseService::CountOpen(const std::string& visible_area) const {
  ReadTx tx(store_);
  try {
    SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
        "SELECT count(*) FROM cases WHERE status != 'closed' AND (?1 = '' OR "
        "site IN (SELECT id FROM orgs_view WHERE area = ?1))");
    query.bind(1, visible_area);
    query.executeStep();
    return query.getColumn(0).getInt64();
  } catch (const std::exception& e) {
    return Error::Internal(std::string("counting cases: ") + e.what());
  }
}

Result<Case> CaseService::Get(const std::string& id,
                              const std::string& visible_site,
                              const std::string& visible_area) const {
  ReadTx tx(store_);
  try {
    auto found = internal::ReadCase(tx, id);
    if (!found || (!visible_site.empty() && found->site != visible_site) ||
        (!visible_area.empty() && AreaOf(tx, found->site) != visible_area)) {
      return Error::NotFound("case " + id);
    }
    return *found;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("reading case: ") + e.what());
  }
}

void CaseService::OpenForSilence(WriteTx& tx, const std::string& order_id,
                                 const std::string& site,
                                 const std::string& warning_id, TimePoint now) {
  internal::OpenOrJoinCase(tx, site, warning_id, "no_ack", order_id, now);
}

Result<Case> CaseService::Act(const std::string& id,
                              const CaseActionRequest& request,
                              const Actor& actor,
                              const std::string& acting_area) {
  std::optional<Case> result;
  bool queued = false;
  try {
    const TimePoint now = clock_.Now();
    if (auto valid = CheckAction(request, now); !valid.ok()) {
      return valid.error();
    }
    WriteTx tx(store_);
    const auto found = LoadCase(tx, id);
    if (!found || (!acting_area.empty() && found->area != acting_area)) {
      return Error::NotFound("case " + id);  // another area's: as if none
    }
    auto next = NextStatus(found->status, request.action);
    if (!next.ok()) return next.error();
    CaseActionRequest a = request;
    std::string order_id;
    if (a.action == "order_rectification") {
      if (!a.due_at) a.due_at = now + kDefaultRectificationTime;
      order_id = SendRectification(tx, id, *found, a, now);
      queued = true;
    }
    internal::AddCaseAction(
        tx, {id, a.action, actor.username, a.note, now, a.due_at, order_id});
    internal::SetCaseStatus(tx, id, next.value(), now);
    RecordAudit(tx,
                {actor.username, "case." + a.action, "case", id,
                 json{{"note", a.note}, {"status", next.value()}}.dump()},
                now);
    result = internal::ReadCase(tx, id);
    tx.Commit();
  } catch (const std::exception& e) {
    return Error::Internal(std::string("acting on case: ") + e.what());
  }
  if (queued && outbox_written_) outbox_written_();
  return *result;
}

}  // namespace hazegate
