#include "hazegate/inspection/assignments.h"

#include <algorithm>
#include <map>

#include "hazegate/core/ids.h"
#include "hazegate/orders/order_queue.h"

namespace hazegate {

namespace {

using nlohmann::json;

constexpr size_t kMaxSites = 500;
constexpr auto kAssignmentAckWindow = std::chrono::hours(1);

struct Assignment {
  std::string inspector_org;
  std::vector<std::string> sites;
  std::string warning_id;
  TimePoint due_at;
};

Result<Assignment> ParseAssignment(const json& request, TimePoint now) {
  Assignment a;
  std::vector<FieldError> errors;
  auto text = [&](const char* key, std::string* out) {
    const json value = request.value(key, json());
    if (!value.is_string() || value.get<std::string>().empty()) {
      errors.push_back({key, "is required (a string)"});
    } else {
      *out = value.get<std::string>();
    }
  };
  text("inspector_org", &a.inspector_org);
  text("warning_id", &a.warning_id);
  const json sites = request.value("sites", json());
  if (!sites.is_array() || sites.empty() || sites.size() > kMaxSites) {
    errors.push_back({"sites", "must be an array of 1 to 500 org ids"});
  } else {
    for (size_t i = 0; i < sites.size(); ++i) {
      if (!sites[i].is_string()) {
        errors.push_back(
            {"sites[" + std::to_string(i) + "]", "must be a string"});
      } else if (std::find(a.sites.begin(), a.sites.end(), sites[i]) ==
                 a.sites.end()) {
        a.sites.push_back(sites[i].get<std::string>());
      }
    }
  }
  std::string due;
  text("due_at", &due);
  if (!due.empty()) {
    const auto when = ParseRfc3339(due);
    if (!when) {
      errors.push_back({"due_at", "must be an RFC 3339 time with an offset"});
    } else if (*when <= now) {
      errors.push_back({"due_at", "is in the past"});
    } else {
      a.due_at = *when;
    }
  }
  if (!errors.empty()) {
    return Error::Invalid("the assignment is invalid", std::move(errors));
  }
  return a;
}

struct NamedOrg {
  std::string kind;
  std::string name;
  nlohmann::json details;
};

std::optional<NamedOrg> FindOrg(Store::Lease& lease, const std::string& id) {
  SQLite::Statement& query =
      lease.Prepare("SELECT kind, name, details FROM orgs_view WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  return NamedOrg{query.getColumn(0).getString(),
                  query.getColumn(1).getString(),
                  json::parse(query.getColumn(2).getString(), nullptr, false)};
}

// The sites as order measures {site, name, location}; errors name sites[i].
Result<json> SiteMeasures(Store::Lease& lease, const Assignment& a) {
  json measures = json::array();
  std::vector<FieldError> errors;
  for (size_t i = 0; i < a.sites.size(); ++i) {
    const auto org = FindOrg(lease, a.sites[i]);
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

Result<std::string> ActiveWarningLevel(Store::Lease& lease,
                                       const std::string& id) {
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

std::string SendAssignment(Store::Lease& lease, const Assignment& a,
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
  return QueueOrder(lease, order, now);
}

json AssignmentJson(SQLite::Statement& row) {
  return {
      {"id", row.getColumn(0).getString()},
      {"warning_id", row.getColumn(1).getString()},
      {"inspector_org", row.getColumn(2).getString()},
      {"sites", json::parse(row.getColumn(3).getString())},
      {"due_at", FormatRfc3339(FromUnixSeconds(row.getColumn(4).getInt64()))},
      {"created_by", row.getColumn(5).getString()},
      {"created_at",
       FormatRfc3339(FromUnixSeconds(row.getColumn(6).getInt64()))},
      {"order_id", row.getColumn(7).getString()}};
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

Result<json> AssignmentService::Create(const json& request,
                                       const Actor& actor) {
  auto lease = store_.Acquire();
  json result;
  try {
    const TimePoint now = clock_.Now();
    auto parsed = ParseAssignment(request, now);
    if (!parsed.ok()) return parsed.error();
    const Assignment& a = parsed.value();
    WriteTransaction transaction(lease.db());
    const auto inspector = FindOrg(lease, a.inspector_org);
    if (!inspector ||
        (inspector->kind != "group" && inspector->kind != "county")) {
      return Error::InvalidField("inspector_org",
                                 a.inspector_org + " is not a group or county");
    }
    auto measures = SiteMeasures(lease, a);
    if (!measures.ok()) return measures.error();
    auto level = ActiveWarningLevel(lease, a.warning_id);
    if (!level.ok()) return level.error();
    const std::string order_id =
        SendAssignment(lease, a, level.value(), measures.value(), now);
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
        lease.db(),
        {actor.username, "assignment.create", "assignment", id,
         json{{"inspector_org", a.inspector_org}, {"sites", a.sites.size()}}
             .dump()},
        now);
    SQLite::Statement& row =
        lease.Prepare(std::string("SELECT ") + kAssignmentColumns +
                      " FROM assignments WHERE id = ?");
    row.bind(1, id);
    row.executeStep();
    result = AssignmentJson(row);
    transaction.Commit();
  } catch (const std::exception& e) {
    return Error::Internal(std::string("creating assignment: ") + e.what());
  }
  if (outbox_written_) outbox_written_();
  return result;
}

Result<json> AssignmentService::List(const std::string& warning_id,
                                     const std::string& inspector_org,
                                     const PageRequest& page) const {
  auto lease = store_.Acquire();
  try {
    const auto before = SeqBefore(lease.db(), "assignments", "id", page.before);
    if (!before.ok()) return before.error();
    SQLite::Statement& query = lease.Prepare(
        std::string("SELECT ") + kAssignmentColumns +
        " FROM assignments WHERE seq < ?1 AND (?2 = '' OR warning_id = ?2) "
        "AND (?3 = '' OR inspector_org = ?3) ORDER BY seq DESC LIMIT ?4");
    query.bind(1, before.value());
    query.bind(2, warning_id);
    query.bind(3, inspector_org);
    query.bind(4, page.limit);
    json list = json::array();
    while (query.executeStep()) list.push_back(AssignmentJson(query));
    return list;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("listing assignments: ") + e.what());
  }
}

}  // namespace hazegate
