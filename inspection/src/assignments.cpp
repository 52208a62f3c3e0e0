#include "hazegate/inspection/assignments.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "hazegate/core/ids.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/order_queue.h"

namespace hazegate {

namespace {

using nlohmann::json;

constexpr size_t kMaxSites = 500;
constexpr auto kAssignmentAckWindow = std::chrono::hours(1);

}  // namespace

std::vector<FieldError> CheckAssignmentRequest(const AssignmentRequest& a,
                                               TimePoint now) {
  std::vector<FieldError> errors;
  if (a.inspector_org.empty()) {
    errors.push_back({"inspector_org", "is required (a string)"});
  }
  if (a.warning_id.empty()) {
    errors.push_back({"warning_id", "is required (a string)"});
  }
  if (a.sites.empty() || a.sites.size() > kMaxSites) {
    errors.push_back({"sites", "must be an array of 1 to 500 org ids"});
  }
  if (a.due_at <= now) errors.push_back({"due_at", "is in the past"});
  return errors;
}

namespace {

struct NamedOrg {
  std::string kind;
  std::string name;
  nlohmann::json details;
};

std::optional<NamedOrg> FindOrg(ReadTx& tx, const std::string& id) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query =
      lease.Prepare("SELECT kind, name, details FROM orgs_view WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  return NamedOrg{query.getColumn(0).getString(),
                  query.getColumn(1).getString(),
                  json::parse(query.getColumn(2).getString(), nullptr, false)};
}

// The sites as order measures {site, name, location}; errors name sites[i].
Result<json> SiteMeasures(ReadTx& tx, const AssignmentRequest& a) {
  json measures = json::array();
  std::vector<FieldError> errors;
  for (size_t i = 0; i < a.sites.size(); ++i) {
    const auto org = FindOrg(tx, a.sites[i]);
    if (!org || (org->kind != "enterprise" && org->kind != "site")) {
      errors.push_back({"sites[" + std::to_string(i) + "]",
                        a.sites[i] + " is not an enterprise or site"});
      continue;
    }
    measures.push_back({{"site", a.sites[i]},
                        {"name", org->name},
                        {"location", org->details.value("location", json())}});
  }
  if (!errors.empty()) {
    return Error::Invalid("the assignment is invalid", std::move(errors));
  }
  return measures;
}

Result<std::string> ActiveWarningLevel(ReadTx& tx, const std::string& id) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query =
      lease.Prepare("SELECT status, level FROM warnings_view WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) {
    return Error::InvalidField("warning_id", "no warning " + id);
  }
  if (query.getColumn(0).getString() != "active") {
    return Error::Conflict("warning " + id + " is " +
                           query.getColumn(0).getString() + ", not active");
  }
  return query.getColumn(1).getString();
}

std::string SendAssignment(WriteTx& tx, const AssignmentRequest& a,
                           const std::string& level, const json& measures,
                           TimePoint now) {
  OrderDraft order;
  order.org = a.inspector_org;
  order.kind = "inspection_assignment";
  order.level = level;
  order.warning_id = a.warning_id;
  order.title = "检查任务：" + std::to_string(a.sites.size()) + "个点位";
  std::string names;
  for (const json& m : measures) {
    names += (names.empty() ? "" : "、") + m["name"].get<std::string>();
  }
  order.body = "请于" + FormatRfc3339(a.due_at) + "前完成现场检查：" + names +
               "。检查时请拍照并提交定位。";
  order.measures_json = measures.dump();
  order.effective_at = now;
  order.ack_due_at = std::min(a.due_at, now + kAssignmentAckWindow);
  return QueueOrder(tx, order, now);
}

Assignment ReadAssignment(SQLite::Statement& row) {
  return {
      row.getColumn(0).getString(),
      row.getColumn(1).getString(),
      row.getColumn(2).getString(),
      json::parse(row.getColumn(3).getString()).get<std::vector<std::string>>(),
      FromUnixSeconds(row.getColumn(4).getInt64()),
      row.getColumn(5).getString(),
      FromUnixSeconds(row.getColumn(6).getInt64()),
      row.getColumn(7).getString()};
}

constexpr const char* kAssignmentColumns =
    "id, warning_id, inspector_org, sites, due_at, created_by, created_at, "
    "order_id";

}  // namespace

AssignmentService::AssignmentService(Store& store, const Clock& clock,
                                     std::function<void()> outbox_written)
    : store_(store),
      clock_(clock),
      outbox_written_(std::move(outbox_written)) {}

Result<Assignment> AssignmentService::Create(const AssignmentRequest& a,
                                             const Actor& actor) {
  std::optional<Assignment> result;
  try {
    const TimePoint now = clock_.Now();
    if (auto errors = CheckAssignmentRequest(a, now); !errors.empty()) {
      return Error::Invalid("the assignment is invalid", std::move(errors));
    }
    WriteTx tx(store_);
    Store::Lease& lease = Store::LeaseOf(tx);
    const auto inspector = FindOrg(tx, a.inspector_org);
    if (!inspector ||
        (inspector->kind != "group" && inspector->kind != "county")) {
      return Error::InvalidField("inspector_org",
                                 a.inspector_org + " is not a group or county");
    }
    auto measures = SiteMeasures(tx, a);
    if (!measures.ok()) return measures.error();
    auto level = ActiveWarningLevel(tx, a.warning_id);
    if (!level.ok()) return level.error();
    const std::string order_id =
        SendAssignment(tx, a, level.value(), measures.value(), now);
    const std::string id = NewId("asg-");
    SQLite::Statement& insert = lease.Prepare(
        "INSERT INTO assignments (id, warning_id, inspector_org, sites, "
        "due_at, created_by, created_at, order_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, id);
    insert.bind(2, a.warning_id);
    insert.bind(3, a.inspector_org);
    insert.bind(4, json(a.sites).dump());
    insert.bind(5, ToUnixSeconds(a.due_at));
    insert.bind(6, actor.username);
    insert.bind(7, ToUnixSeconds(now));
    insert.bind(8, order_id);
    insert.exec();
    RecordAudit(
        tx,
        {actor.username, "assignment.create", "assignment", id,
         json{{"inspector_org", a.inspector_org}, {"sites", a.sites.size()}}
             .dump()},
        now);
    SQLite::Statement& row =
        lease.Prepare(std::string("SELECT ") + kAssignmentColumns +
                      " FROM assignments WHERE id = ?");
    row.bind(1, id);
    row.executeStep();
    result = ReadAssignment(row);
    tx.Commit();
  } catch (const std::exception& e) {
    return Error::Internal(std::string("creating assignment: ") + e.what());
  }
  if (outbox_written_) outbox_written_();
  return *result;
}

Result<std::vector<Assignment>> AssignmentService::List(
    const std::string& warning_id, const std::string& inspector_org,
    const PageRequest& page) const {
  ReadTx tx(store_);
  Store::Lease& lease = Store::LeaseOf(tx);
  try {
    const auto before = SeqBefore(tx, "assignments", "id", page.before);
    if (!before.ok()) return before.error();
    SQLite::Statement& query = lease.Prepare(
        std::string("SELECT ") + kAssignmentColumns +
        " FROM assignments WHERE seq < ?1 AND (?2 = '' OR warning_id = ?2) "
        "AND (?3 = '' OR inspector_org = ?3) ORDER BY seq DESC LIMIT ?4");
    query.bind(1, before.value());
    query.bind(2, warning_id);
    query.bind(3, inspector_org);
    query.bind(4, page.limit);
    std::vector<Assignment> list;
    while (query.executeStep()) list.push_back(ReadAssignment(query));
    return list;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("listing assignments: ") + e.what());
  }
}

}  // namespace hazegate
