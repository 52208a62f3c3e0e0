#include "fanout.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "hazegate/config/directory.h"
#include "hazegate/core/store.h"

namespace hazegate::internal {

using nlohmann::json;

namespace {

std::string MeasureText(const json& measure) {
  const std::string process = measure.value("process", "");
  const std::string action = measure.value("action", "");
  std::string text;
  if (action == "limit") {
    const int load = static_cast<int>(measure.value("load_pct", 0.0));
    text = process + "：限产，负荷不超过" + std::to_string(load) + "%";
  } else if (action == "stop") {
    text = process + "：停产";
  } else if (action == "stagger_transport") {
    text = process + "：错峰运输，禁止重型柴油货车进出";
  } else if (action == "self_determined") {
    text = process + "：企业自主采取减排措施";
  } else {
    text = process + "：保民生豁免，正常生产";
  }
  const std::string note = measure.value("note", "");
  return note.empty() ? text : text + "（" + note + "）";
}

std::string Joined(const json& items, const std::string& separator) {
  std::string text;
  for (const json& item : items) {
    if (!text.empty()) text += separator;
    text += item.is_string() ? item.get<std::string>() : MeasureText(item);
  }
  return text;
}

struct Recipient {
  std::string id, kind, name;
  json details;
};

class FanOut {
 public:
  FanOut(ReadTx& tx, const WarningFacts& warning, TimePoint now)
      : tx_(tx),
        warning_(warning),
        now_(now),
        level_name_(LevelName(warning.level)),
        lead_(warning.headline + "。自" + LocalMinutes(warning.starts_at) +
              "起，"),
        windows_(tx),
        notices_(tx) {}

  std::vector<RecipientOrder> Run() {
    const auto covered = CoveredAreas(tx_, warning_.areas);
    const std::set<std::string> areas(covered.begin(), covered.end());
    std::vector<RecipientOrder> orders;
    SQLite::Statement& query = Store::LeaseOf(tx_).Prepare(
        "SELECT id, kind, name, area, details FROM orgs_view WHERE kind IN "
        "('unit', 'group', 'county', 'enterprise', 'school', 'site') "
        "ORDER BY seq");
    while (query.executeStep()) {
      const std::string kind = query.getColumn(1).getString();
      const bool everywhere = kind == "unit" || kind == "group";
      if (!everywhere && !areas.contains(query.getColumn(3).getString())) {
        continue;
      }
      Recipient r{query.getColumn(0).getString(), kind,
                  query.getColumn(2).getString(),
                  json::parse(query.getColumn(4).getString())};
      // A unit that is only a group member has no tasks of its own.
      if (kind == "unit" && !r.details.contains("tasks")) continue;
      orders.push_back({For(r), kind});
      if (kind == "group") GroupMembers(r, orders);
    }
    return orders;
  }

 private:
  OrderDraft Base(const Recipient& r, const std::string& kind) {
    OrderDraft d;
    d.org = r.id;
    d.kind = kind;
    d.level = warning_.level;
    d.warning_id = warning_.id;
    d.effective_at = warning_.starts_at;
    d.ack_due_at = windows_.Due(r.kind, warning_.ack_within_s, now_);
    return d;
  }

  const std::string& Lead() const { return lead_; }

  // A recipient's `field` ("measures", "tasks") at the warning's level, as
  // the plan gives it (validated by plan check).
  const json& Measures(const json& details, const char* field) const {
    return details[field][warning_.level];
  }

  // The few distinct deadlines of a fan-out (one per recipient kind) are
  // formatted once each.
  const std::string& AckLine(const OrderDraft& d) {
    auto [it, added] = ack_lines_.try_emplace(*d.ack_due_at);
    if (added)
      it->second = "请于" + LocalMinutes(*d.ack_due_at) + "前确认收到。";
    return it->second;
  }

  OrderDraft For(const Recipient& r) {
    if (r.kind == "enterprise") return Enterprise(r);
    if (r.kind == "school") return School(r);
    if (r.kind == "site") return Site(r);
    if (r.kind == "county") return County(r);
    return Unit(r);
  }

  OrderDraft Enterprise(const Recipient& r) {
    OrderDraft d = Base(r, "enterprise_measures");
    const json& measures = Measures(r.details, "measures");
    d.measures_json = measures.dump();
    d.title = level_name_ + "预警：" + r.name + "应急减排措施";
    d.body = Lead() + "请执行以下措施：" + Joined(measures, "；") + "。" +
             AckLine(d);
    return d;
  }

  // The plan's notice as the order's title and body.
  void Notice(const std::optional<NoticeText>& notice, OrderDraft* d) {
    const bool titled = notice && !notice->title.empty();
    d->title = titled ? notice->title : level_name_ + "预警";
    d->body = Lead() + (notice ? notice->body : "") + AckLine(*d);
  }

  OrderDraft School(const Recipient& r) {
    OrderDraft d = Base(r, "school_notice");
    Notice(
        notices_.ForSchool(r.details.value("stage", "primary"), warning_.level),
        &d);
    return d;
  }

  OrderDraft Site(const Recipient& r) {
    OrderDraft d = Base(r, "site_measures");
    const json& measures = Measures(r.details, "measures");
    d.measures_json = measures.dump();
    d.title = level_name_ + "预警：" + r.name + "扬尘管控措施";
    d.body = Lead() + "请执行：" + Joined(measures, "；") + "。" + AckLine(d);
    return d;
  }

  OrderDraft County(const Recipient& r) {
    OrderDraft d = Base(r, "area_notice");
    Notice(notices_.ForArea(warning_.level), &d);
    return d;
  }

  OrderDraft Unit(const Recipient& r) {
    OrderDraft d = Base(r, "unit_task");
    const json& tasks = Measures(r.details, "tasks");
    d.measures_json = tasks.dump();
    d.title = level_name_ + "预警：" + r.name + "工作任务";
    d.body = Lead() + "请落实：" + Joined(tasks, "；") + "。" + AckLine(d);
    return d;
  }

  // The group's tasks also go to its lead and each member, in their role.
  void GroupMembers(const Recipient& group,
                    std::vector<RecipientOrder>& orders) {
    std::vector<std::pair<std::string, std::string>> roles;  // id, role
    if (group.details.contains("lead")) {
      roles.emplace_back(group.details["lead"], "牵头单位");
    }
    for (const json& member : group.details.value("members", json::array())) {
      roles.emplace_back(member, "成员单位");
    }
    const json& tasks = Measures(group.details, "tasks");
    SQLite::Statement& org = Store::LeaseOf(tx_).Prepare(
        "SELECT kind, name FROM orgs_view WHERE id = ?");
    for (const auto& [id, role] : roles) {
      org.reset();
      org.bind(1, id);
      if (!org.executeStep()) continue;
      const Recipient member{id, org.getColumn(0).getString(),
                             org.getColumn(1).getString(), json::object()};
      OrderDraft d = Base(member, "unit_task");
      d.measures_json = tasks.dump();
      d.title =
          level_name_ + "预警：" + group.name + "工作任务（" + role + "）";
      d.body = Lead() + "作为" + group.name + role + "，请落实：" +
               Joined(tasks, "；") + "。" + AckLine(d);
      orders.push_back({std::move(d), member.kind});
    }
  }

  ReadTx& tx_;
  const WarningFacts& warning_;
  TimePoint now_;
  std::string level_name_;
  std::string lead_;
  std::map<TimePoint, std::string> ack_lines_;
  AckWindows windows_;
  PlanNotices notices_;
};

}  // namespace

std::vector<RecipientOrder> PlanFanOut(ReadTx& tx, const WarningFacts& warning,
                                       TimePoint now) {
  return FanOut(tx, warning, now).Run();
}

}  // namespace hazegate::internal
