#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "hazegate/config/contacts.h"
#include "hazegate/config/plan.h"
#include "hazegate/config/plan_settings.h"
#include "hazegate/config/public_info.h"
#include "hazegate/config/reduction.h"
#include "hazegate/config/uscc.h"
#include "hazegate/config/warning_rules.h"
#include "hazegate/core/json.h"
#include "hazegate/core/utf8.h"
#include "org_rules.h"

namespace hazegate {

namespace {

using internal::OneOf;
using nlohmann::json;

std::string Join(const std::string& pointer, const std::string& token) {
  std::string escaped;
  for (char c : token) {
    if (c == '~')
      escaped += "~0";
    else if (c == '/')
      escaped += "~1";
    else
      escaped += c;
  }
  return pointer + "/" + escaped;
}

std::string Join(const std::string& pointer, size_t index) {
  return pointer + "/" + std::to_string(index);
}

class PlanValidator {
 public:
  std::vector<PlanIssue> Run(const json& plan) {
    if (!plan.is_object()) {
      Fail("", "plan must be a JSON object");
      return issues_;
    }
    CheckHeader(plan);
    CheckAreas(plan);
    CheckAckWindows(plan);
    CheckNotices(plan, "/area_notices");
    CheckSchoolNotices(plan);
    CheckOrgs(plan);
    CheckReporting(plan);
    CheckTargets(plan);
    CheckSms(plan);
    CheckPublicAdvice(plan);
    if (plan.contains("warning_rules")) {
      ParseWarningRules(plan.at("warning_rules"), &issues_);
    }
    if (plan.contains("public_info")) {
      std::vector<std::string> codes;
      for (const auto& [code, kind] : area_kinds_) codes.push_back(code);
      CheckPublicInfo(plan.at("public_info"), codes, &issues_);
    }
    if (plan.contains("discipline_commission")) {
      const json& org = plan.at("discipline_commission");
      if (!org.is_string() || !unit_ids_.contains(org.get<std::string>())) {
        Fail("/discipline_commission", "must be the id of a member unit");
      }
    }
    if (plan.contains("bulletin")) CheckBulletin(plan.at("bulletin"));
    if (plan.contains("press_release")) {
      CheckPressTemplate(plan.at("press_release"),
                         {org_ids_.begin(), org_ids_.end()}, &issues_);
    }
    return issues_;
  }

 private:
  void Fail(const std::string& pointer, std::string message) {
    issues_.push_back({pointer, std::move(message)});
  }

  // The member `key` of `object`, or nullptr after reporting it missing.
  const json* Member(const json& object, const std::string& pointer,
                     const std::string& key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      Fail(Join(pointer, key), "is required");
      return nullptr;
    }
    return &*it;
  }

  const std::string* String(const json& object, const std::string& pointer,
                            const std::string& key) {
    const json* value = Member(object, pointer, key);
    if (value == nullptr) return nullptr;
    if (!value->is_string() || value->get_ref<const std::string&>().empty()) {
      Fail(Join(pointer, key), "must be a non-empty string");
      return nullptr;
    }
    return &value->get_ref<const std::string&>();
  }

  const json* Typed(const json& object, const std::string& pointer,
                    const std::string& key, json::value_t type,
                    const char* type_name) {
    const json* value = Member(object, pointer, key);
    if (value != nullptr && value->type() != type) {
      Fail(Join(pointer, key), std::string("must be ") + type_name);
      return nullptr;
    }
    return value;
  }

  const json* Object(const json& o, const std::string& p,
                     const std::string& k) {
    return Typed(o, p, k, json::value_t::object, "an object");
  }

  const json* Array(const json& o, const std::string& p, const std::string& k) {
    return Typed(o, p, k, json::value_t::array, "an array");
  }

  // A number within [min, max], or nullopt after reporting.
  std::optional<double> Number(const json& object, const std::string& pointer,
                               const std::string& key, double min, double max) {
    const json* value = Member(object, pointer, key);
    if (value == nullptr) return std::nullopt;
    if (!value->is_number()) {
      Fail(Join(pointer, key), "must be a number");
      return std::nullopt;
    }
    const double number = value->get<double>();
    if (number < min || number > max) {
      std::ostringstream message;
      message << "must be between " << min << " and " << max;
      Fail(Join(pointer, key), message.str());
      return std::nullopt;
    }
    return number;
  }

  void CheckHeader(const json& plan) {
    const std::string* format = String(plan, "", "format");
    if (format != nullptr && *format != "hazegate-plan/1") {
      Fail("/format", "must be \"hazegate-plan/1\"");
    }
    String(plan, "", "name");
    String(plan, "", "version");
  }

  void CheckAreas(const json& plan) {
    const json* areas = Array(plan, "", "areas");
    if (areas == nullptr) return;
    int prefectures = 0;
    for (size_t i = 0; i < areas->size(); ++i) {
      const json& area = (*areas)[i];
      const std::string pointer = Join("/areas", i);
      if (!area.is_object()) {
        Fail(pointer, "must be an object");
        continue;
      }
      const std::string* code = String(area, pointer, "code");
      String(area, pointer, "name");
      const std::string* kind = String(area, pointer, "kind");
      if (code != nullptr &&
          !area_kinds_.emplace(*code, kind ? *kind : "").second) {
        Fail(Join(pointer, "code"), "duplicate area code " + *code);
      }
      if (kind != nullptr && !OneOf(*kind, internal::kAreaKinds)) {
        Fail(Join(pointer, "kind"), "must be prefecture, county or park");
      }
      if (kind != nullptr && *kind == "prefecture") ++prefectures;
    }
    if (prefectures != 1) Fail("/areas", "needs exactly one prefecture");
    for (size_t i = 0; i < areas->size(); ++i) {
      CheckParent((*areas)[i], i);
      CheckParkCounty((*areas)[i], i);
    }
  }

  // A park names the county it lies in (its GB/T 2260 code for CAP); only a
  // park does.
  void CheckParkCounty(const json& area, size_t index) {
    if (!area.is_object()) return;
    const std::string pointer = Join(Join("/areas", index), "county");
    const bool park = area.value("kind", "") == "park";
    const auto county = area.find("county");
    if (!park) {
      if (county != area.end()) Fail(pointer, "only a park names a county");
      return;
    }
    if (county == area.end() || !county->is_string()) {
      Fail(pointer, "is required: the county the park lies in");
    } else if (!area_kinds_.contains(county->get<std::string>()) ||
               area_kinds_.at(county->get<std::string>()) != "county") {
      Fail(pointer, "not a county of the plan: " + county->dump());
    }
  }

  void CheckParent(const json& area, size_t index) {
    if (!area.is_object()) return;
    const std::string pointer = Join(Join("/areas", index), "parent");
    const bool prefecture = area.value("kind", "") == "prefecture";
    const auto parent = area.find("parent");
    const bool has_parent = parent != area.end() && !parent->is_null();
    if (prefecture && has_parent) {
      Fail(pointer, "a prefecture has no parent");
    } else if (!prefecture && !has_parent) {
      Fail(pointer, "is required");
    } else if (has_parent &&
               (!parent->is_string() ||
                !area_kinds_.contains(parent->get<std::string>()))) {
      Fail(pointer, "unknown area " + parent->dump());
    }
  }

  void CheckAckWindows(const json& plan) {
    const json* windows = Object(plan, "", "ack_windows_s");
    if (windows == nullptr) return;
    // `agency` (v3) may be left out: it then has the units' window, so a
    // plan written before it stays valid.
    for (std::string_view kind : internal::kRecipientKinds) {
      if (kind == "agency" && !windows->contains("agency")) continue;
      Number(*windows, "/ack_windows_s", std::string(kind), 60, 7 * 86400);
    }
    for (const auto& [key, value] : windows->items()) {
      if (!OneOf(key, internal::kRecipientKinds)) {
        Fail(Join("/ack_windows_s", key), "not a kind that receives orders");
      }
    }
  }

  // {yellow|orange|red: {title, body}} at `pointer`.
  void CheckNoticeLevels(const json& notices, const std::string& pointer) {
    for (std::string_view level : internal::kLevels) {
      const json* notice = Object(notices, pointer, std::string(level));
      if (notice == nullptr) continue;
      const std::string level_pointer = Join(pointer, std::string(level));
      String(*notice, level_pointer, "title");
      String(*notice, level_pointer, "body");
    }
  }

  void CheckNotices(const json& plan, const std::string& pointer) {
    const json* notices = Object(plan, "", pointer.substr(1));
    if (notices != nullptr) CheckNoticeLevels(*notices, pointer);
  }

  // Optional {signature, template} (docs/sms.md).
  void CheckSms(const json& plan) {
    const auto sms = plan.find("sms");
    if (sms == plan.end()) return;
    if (!sms->is_object()) return Fail("/sms", "must be an object");
    for (const auto& [key, value] : sms->items()) {
      if (key != "signature" && key != "template") {
        Fail(Join("/sms", key), "unknown key (signature, template)");
      }
    }
    if (sms->contains("signature")) {
      const std::string* signature = String(*sms, "/sms", "signature");
      if (signature != nullptr &&
          (signature->rfind("【", 0) != 0 || signature->size() < 6 ||
           signature->compare(signature->size() - 3, 3, "】") != 0 ||
           Utf16Units(*signature) > 20)) {
        Fail("/sms/signature", "must be 【…】, at most 20 characters");
      }
    }
    if (sms->contains("template")) {
      const std::string* text = String(*sms, "/sms", "template");
      if (text != nullptr) CheckSmsTemplate(*text);
    }
  }

  void CheckSmsTemplate(const std::string& text) {
    size_t placeholders = 0;
    for (const char* placeholder : kSmsPlaceholders) {
      const size_t at = text.find(placeholder);
      if (at == std::string::npos ||
          text.find(placeholder, at + 1) != std::string::npos) {
        Fail("/sms/template",
             std::string("must hold ") + placeholder + " exactly once");
      }
      ++placeholders;
    }
    if (static_cast<size_t>(std::count(text.begin(), text.end(), '{')) !=
        placeholders) {
      Fail("/sms/template",
           "holds a placeholder other than {title} {deadline} {link} {code}");
    }
  }

  void CheckSchoolNotices(const json& plan) {
    const json* notices = Object(plan, "", "school_notices");
    if (notices == nullptr) return;
    for (std::string_view stage : internal::kSchoolStages) {
      const json* by_level =
          Object(*notices, "/school_notices", std::string(stage));
      if (by_level != nullptr) {
        CheckNoticeLevels(*by_level,
                          Join("/school_notices", std::string(stage)));
      }
    }
  }

  void CheckOrgs(const json& plan) {
    const json* orgs = Array(plan, "", "orgs");
    if (orgs == nullptr) return;
    for (size_t i = 0; i < orgs->size(); ++i) {
      CheckOrg((*orgs)[i], Join("/orgs", i));
    }
    for (std::string_view kind : {"command", "office"}) {
      if (!kinds_seen_.contains(std::string(kind))) {
        Fail("/orgs", "needs an org of kind " + std::string(kind));
      }
    }
    CheckGroupMembers();
  }

  // A group's lead and members are units, agencies or the office of the
  // plan; a unit without tasks of its own, and every agency, must be in
  // some group.
  void CheckGroupMembers() {
    std::set<std::string> in_groups;
    for (const auto& [pointer, id] : group_refs_) {
      const auto kind = org_kinds_.find(id);
      if (kind == org_kinds_.end() ||
          (kind->second != "unit" && kind->second != "agency" &&
           kind->second != "office")) {
        Fail(pointer, "not a unit, an agency or the office of the plan: " + id);
      }
      in_groups.insert(id);
    }
    for (const auto& [pointer, id] : units_without_tasks_) {
      if (!in_groups.contains(id)) {
        Fail(Join(pointer, "tasks"), "is required (the unit is in no group)");
      }
    }
    for (const auto& [pointer, id] : agencies_) {
      if (!in_groups.contains(id)) {
        Fail(pointer, "an agency must be in a group (it gets its tasks)");
      }
    }
  }

  void CheckGroup(const json& org, const std::string& pointer) {
    if (org.contains("lead")) {
      const std::string* lead = String(org, pointer, "lead");
      if (lead != nullptr)
        group_refs_.emplace_back(Join(pointer, "lead"), *lead);
    }
    if (!org.contains("members")) return;
    const json* members = Array(org, pointer, "members");
    if (members == nullptr) return;
    for (size_t i = 0; i < members->size(); ++i) {
      const json& member = (*members)[i];
      const std::string member_pointer = Join(Join(pointer, "members"), i);
      if (!member.is_string()) {
        Fail(member_pointer, "must be an org id");
      } else {
        group_refs_.emplace_back(member_pointer, member.get<std::string>());
      }
    }
  }

  // The optional reporting schedule (docs/plan.md).
  void CheckReporting(const json& plan) {
    if (!plan.contains("reporting")) return;
    const json* rules = Array(plan, "", "reporting");
    if (rules == nullptr) return;
    std::set<std::string> ids;
    for (size_t i = 0; i < rules->size(); ++i) {
      const std::string pointer = Join("/reporting", i);
      const json& rule = (*rules)[i];
      if (!rule.is_object()) {
        Fail(pointer, "must be an object");
        continue;
      }
      const std::string* id = String(rule, pointer, "id");
      if (id != nullptr && !ids.insert(*id).second) {
        Fail(Join(pointer, "id"), "duplicate rule id " + *id);
      }
      String(rule, pointer, "title");
      CheckRuleTargets(rule, pointer);
      CheckRuleTiming(rule, pointer);
      CheckRuleFigures(rule, pointer);
    }
  }

  // `key` (optional): an array of strings each accepted by `known`.
  template <typename Known>
  void CheckNames(const json& rule, const std::string& pointer, const char* key,
                  Known known, const char* what) {
    if (!rule.contains(key)) return;
    const json* names = Array(rule, pointer, key);
    if (names == nullptr) return;
    for (size_t i = 0; i < names->size(); ++i) {
      const json& name = (*names)[i];
      if (!name.is_string() || !known(name.get<std::string>())) {
        Fail(Join(Join(pointer, key), i), std::string("not ") + what);
      }
    }
  }

  void CheckRuleTargets(const json& rule, const std::string& pointer) {
    CheckNames(
        rule, pointer, "kinds",
        [](const std::string& k) {
          return OneOf(k, internal::kRecipientKinds);
        },
        "a kind that receives orders");
    CheckNames(
        rule, pointer, "orgs",
        [this](const std::string& id) { return org_ids_.contains(id); },
        "an org of the plan");
    CheckNames(
        rule, pointer, "levels",
        [](const std::string& l) { return OneOf(l, internal::kLevels); },
        "yellow, orange or red");
    const auto count = [&](const char* key) {
      return rule.contains(key) && rule[key].is_array() ? rule[key].size()
                                                        : size_t{0};
    };
    if (count("kinds") + count("orgs") == 0) {
      Fail(pointer, "needs kinds or orgs to apply to");
    }
  }

  // The daily bulletin (日报, issue 23): {daily_at: "HH:MM"}.
  void CheckBulletin(const json& bulletin) {
    if (!bulletin.is_object()) {
      Fail("/bulletin", "must be an object");
      return;
    }
    const std::string* at = String(bulletin, "/bulletin", "daily_at");
    if (at != nullptr && !IsClockTime(*at)) {
      Fail("/bulletin/daily_at", "must be HH:MM (Beijing time)");
    }
  }

  void CheckRuleTiming(const json& rule, const std::string& pointer) {
    const std::string* schedule = String(rule, pointer, "schedule");
    if (schedule != nullptr && *schedule == "daily") {
      const std::string* at = String(rule, pointer, "at");
      if (at != nullptr && !IsClockTime(*at)) {
        Fail(Join(pointer, "at"), "must be HH:MM (Beijing time)");
      }
    } else if (schedule != nullptr && *schedule == "after_order") {
      Number(rule, pointer, "within_h", 1, 720);
    } else if (schedule != nullptr) {
      Fail(Join(pointer, "schedule"), "must be daily or after_order");
    }
    if (rule.contains("escalate_after_h")) {
      Number(rule, pointer, "escalate_after_h", 1, 168);
    }
  }

  static bool IsClockTime(const std::string& at) {
    return at.size() == 5 && at[2] == ':' && std::isdigit(at[0]) &&
           std::isdigit(at[1]) && std::isdigit(at[3]) && std::isdigit(at[4]) &&
           std::stoi(at.substr(0, 2)) < 24 && std::stoi(at.substr(3)) < 60;
  }

  void CheckRuleFigures(const json& rule, const std::string& pointer) {
    if (!rule.contains("figures")) return;
    const json* figures = Array(rule, pointer, "figures");
    if (figures == nullptr) return;
    std::set<std::string> names;
    for (size_t i = 0; i < figures->size(); ++i) {
      const std::string figure_pointer = Join(Join(pointer, "figures"), i);
      const json& figure = (*figures)[i];
      if (!figure.is_object()) {
        Fail(figure_pointer, "must be an object");
        continue;
      }
      const std::string* name = String(figure, figure_pointer, "name");
      String(figure, figure_pointer, "unit");
      if (name != nullptr && !names.insert(*name).second) {
        Fail(Join(figure_pointer, "name"), "duplicate figure " + *name);
      }
    }
  }

  void CheckOrg(const json& org, const std::string& pointer) {
    if (!org.is_object()) {
      Fail(pointer, "must be an object");
      return;
    }
    const std::string* id = String(org, pointer, "id");
    if (id != nullptr && !internal::IsValidOrgId(*id)) {
      Fail(Join(pointer, "id"),
           "must be 2-64 of a-z, 0-9 and '-', not starting with '-'");
    } else if (id != nullptr && !org_ids_.insert(*id).second) {
      Fail(Join(pointer, "id"), "duplicate org id " + *id);
    }
    String(org, pointer, "name");
    const std::string* area = String(org, pointer, "area");
    if (area != nullptr && !area_kinds_.contains(*area)) {
      Fail(Join(pointer, "area"), "unknown area " + *area);
    }
    const std::string* kind = String(org, pointer, "kind");
    if (kind == nullptr) return;
    if (!OneOf(*kind, internal::kOrgKinds)) {
      Fail(Join(pointer, "kind"), "unknown org kind " + *kind);
      return;
    }
    kinds_seen_.insert(*kind);
    if (id != nullptr) org_kinds_[*id] = *kind;
    CheckKindFields(org, pointer, *kind, area);
    CheckContacts(org, pointer);
  }

  // Optional `contacts`: [{name, phone (a mainland mobile), duty?}], at most
  // kMaxContacts, no phone twice.
  void CheckContacts(const json& org, const std::string& pointer) {
    if (!org.contains("contacts")) return;
    const json* contacts = Array(org, pointer, "contacts");
    if (contacts == nullptr) return;
    if (contacts->size() > kMaxContacts) {
      Fail(Join(pointer, "contacts"), "at most 10 contacts");
    }
    std::set<std::string> phones;
    for (size_t i = 0; i < contacts->size(); ++i) {
      const std::string at = Join(Join(pointer, "contacts"), i);
      const json& contact = (*contacts)[i];
      if (!contact.is_object()) {
        Fail(at, "must be an object");
        continue;
      }
      String(contact, at, "name");
      const std::string* phone = String(contact, at, "phone");
      const auto mobile = phone ? ChinaMobile(*phone) : std::nullopt;
      if (phone != nullptr && !mobile) {
        Fail(Join(at, "phone"),
             "must be a mainland mobile number (1[3-9] "
             "and 9 digits, +86 optional)");
      } else if (mobile && !phones.insert(*mobile).second) {
        Fail(Join(at, "phone"), "the same phone twice");
      }
      if (contact.contains("duty") && !contact["duty"].is_string()) {
        Fail(Join(at, "duty"), "must be a string");
      }
    }
  }

  // A member unit's sector (issue 23): the recipient kinds it oversees.
  void CheckSupervises(const json& org, const std::string& pointer,
                       const std::string& kind) {
    const std::string at = Join(pointer, "supervises");
    const json& kinds = org.at("supervises");
    if (kind != "unit") {
      Fail(at, "only a member unit supervises a sector");
      return;
    }
    std::set<std::string> seen;
    bool ok = kinds.is_array() && !kinds.empty();
    for (const json& k : ok ? kinds : json::array()) {
      ok = ok && k.is_string() && seen.insert(k.get<std::string>()).second &&
           (k == "enterprise" || k == "school" || k == "site");
    }
    if (!ok) {
      Fail(at, "must list enterprise, school or site, each once");
    }
  }

  void CheckKindFields(const json& org, const std::string& pointer,
                       const std::string& kind, const std::string* area) {
    if (kind == "county") CheckCounty(pointer, area);
    if (kind == "group") {
      CheckTasks(org, pointer, "tasks");
      CheckGroup(org, pointer);
    }
    if (org.contains("supervises")) CheckSupervises(org, pointer, kind);
    if (kind == "unit" && org.contains("id") && org.at("id").is_string()) {
      unit_ids_.insert(org.at("id").get<std::string>());
    }
    if (kind == "unit" && org.contains("tasks")) {
      CheckTasks(org, pointer, "tasks");
    } else if (kind == "unit") {
      units_without_tasks_.emplace_back(pointer, org.value("id", ""));
    }
    if (kind == "agency" && org.contains("tasks")) {
      Fail(Join(pointer, "tasks"),
           "an agency has no tasks of its own (it gets its group's)");
    } else if (kind == "agency") {
      agencies_.emplace_back(pointer, org.value("id", ""));
    }
    if (kind == "enterprise") CheckEnterprise(org, pointer);
    if (kind == "school") CheckSchool(org, pointer);
    if (kind == "site") CheckSite(org, pointer);
  }

  void CheckCounty(const std::string& pointer, const std::string* area) {
    if (area == nullptr || !area_kinds_.contains(*area)) return;
    if (area_kinds_.at(*area) == "prefecture") {
      Fail(Join(pointer, "area"), "a county org needs a county or park area");
    } else if (!county_areas_.insert(*area).second) {
      Fail(Join(pointer, "area"),
           "area " + *area + " already has a county org");
    }
  }

  // {level: [non-empty strings]} for every level.
  void CheckTasks(const json& org, const std::string& pointer,
                  const std::string& key) {
    const json* by_level = Object(org, pointer, key);
    if (by_level == nullptr) return;
    const std::string tasks_pointer = Join(pointer, key);
    for (std::string_view level : internal::kLevels) {
      const json* tasks = Array(*by_level, tasks_pointer, std::string(level));
      if (tasks == nullptr) continue;
      const std::string level_pointer = Join(tasks_pointer, std::string(level));
      if (tasks->empty()) Fail(level_pointer, "needs at least one entry");
      for (size_t i = 0; i < tasks->size(); ++i) {
        const json& task = (*tasks)[i];
        if (!task.is_string() || task.get_ref<const std::string&>().empty()) {
          Fail(Join(level_pointer, i), "must be a non-empty string");
        }
      }
    }
  }

  void CheckLocation(const json& org, const std::string& pointer) {
    const json* location = Object(org, pointer, "location");
    if (location == nullptr) return;
    const std::string loc = Join(pointer, "location");
    const auto lat = Number(*location, loc, "lat", -90, 90);
    const auto lon = Number(*location, loc, "lon", -180, 180);
    if (lat && lon && !internal::InChina(*lat, *lon)) {
      Fail(loc, "coordinates outside China");
    }
  }

  void CheckEnterprise(const json& org, const std::string& pointer) {
    const std::string* uscc = String(org, pointer, "uscc");
    if (uscc != nullptr) CheckUscc(*uscc, Join(pointer, "uscc"));
    String(org, pointer, "industry");
    const std::string* grade = String(org, pointer, "grade");
    if (grade != nullptr && !OneOf(*grade, internal::kGrades)) {
      Fail(Join(pointer, "grade"), "must be A, B, C, D or leading");
    }
    CheckLocation(org, pointer);
    Number(org, pointer, "geofence_m", 1, 10000);
    const std::set<std::string> processes = CheckProcesses(org, pointer);
    CheckMeasures(org, pointer, processes);
    CheckEmissions(org, pointer, processes);
  }

  void CheckUscc(const std::string& uscc, const std::string& pointer) {
    if (uscc.size() != 18) {
      Fail(pointer, "must be 18 characters");
      return;
    }
    const auto check = UsccCheckCharacter(uscc.substr(0, 17));
    if (!check) {
      Fail(pointer, "has characters outside 0-9 and A-Y (without I, O, S, V)");
    } else if (*check != uscc[17]) {
      Fail(pointer,
           std::string("wrong check character: expected '") + *check + "'");
    } else if (!usccs_.insert(uscc).second) {
      Fail(pointer, "duplicate credit code " + uscc);
    }
  }

  std::set<std::string> CheckProcesses(const json& org,
                                       const std::string& pointer) {
    std::set<std::string> names;
    const json* processes = Array(org, pointer, "processes");
    if (processes == nullptr) return names;
    const std::string list = Join(pointer, "processes");
    if (processes->empty()) Fail(list, "needs at least one process");
    for (size_t i = 0; i < processes->size(); ++i) {
      const json& name = (*processes)[i];
      if (!name.is_string() || name.get_ref<const std::string&>().empty()) {
        Fail(Join(list, i), "must be a non-empty string");
      } else if (!names.insert(name.get<std::string>()).second) {
        Fail(Join(list, i), "duplicate process " + name.get<std::string>());
      }
    }
    return names;
  }

  void CheckMeasures(const json& org, const std::string& pointer,
                     const std::set<std::string>& processes) {
    const json* measures = Object(org, pointer, "measures");
    if (measures == nullptr) return;
    const std::string base = Join(pointer, "measures");
    for (std::string_view level : internal::kLevels) {
      const json* list = Array(*measures, base, std::string(level));
      if (list == nullptr) continue;
      const std::string level_pointer = Join(base, std::string(level));
      if (list->empty()) Fail(level_pointer, "needs at least one measure");
      for (size_t i = 0; i < list->size(); ++i) {
        CheckMeasure((*list)[i], Join(level_pointer, i), processes);
      }
    }
  }

  void CheckMeasure(const json& measure, const std::string& pointer,
                    const std::set<std::string>& processes) {
    if (!measure.is_object()) {
      Fail(pointer, "must be an object");
      return;
    }
    const std::string* process = String(measure, pointer, "process");
    if (process != nullptr && !processes.contains(*process)) {
      Fail(Join(pointer, "process"), "not one of the enterprise's processes");
    }
    const std::string* action = String(measure, pointer, "action");
    if (action == nullptr) return;
    if (!OneOf(*action, internal::kMeasureActions)) {
      Fail(Join(pointer, "action"),
           "must be limit, stop, stagger_transport, self_determined or exempt");
    } else if (*action == "limit") {
      Number(measure, pointer, "load_pct", 0, 100);
    }
    if (measure.contains("reduction_t_per_d")) {
      CheckPollutants(measure, pointer, "reduction_t_per_d");
    }
  }

  // {so2?, nox?, pm?, vocs?: t/d} at object[key].
  void CheckPollutants(const json& object, const std::string& pointer,
                       const std::string& key) {
    const json* amounts = Object(object, pointer, key);
    if (amounts == nullptr) return;
    const std::string amounts_pointer = Join(pointer, key);
    for (const auto& [pollutant, value] : amounts->items()) {
      if (std::find(kPollutants.begin(), kPollutants.end(), pollutant) ==
          kPollutants.end()) {
        Fail(Join(amounts_pointer, pollutant), "must be so2, nox, pm or vocs");
      } else {
        Number(*amounts, amounts_pointer, pollutant, 0, 10000);
      }
    }
  }

  // Optional baselines: {process: {so2, nox, pm, vocs}} in t/d.
  void CheckEmissions(const json& org, const std::string& pointer,
                      const std::set<std::string>& processes) {
    if (!org.contains("emissions")) return;
    const json* emissions = Object(org, pointer, "emissions");
    if (emissions == nullptr) return;
    const std::string base = Join(pointer, "emissions");
    for (const auto& [process, amounts] : emissions->items()) {
      if (!processes.contains(process)) {
        Fail(Join(base, process), "not one of the enterprise's processes");
      } else {
        CheckPollutants(*emissions, base, process);
      }
    }
  }

  // Optional {level: {health, schools, public}} for the public page.
  void CheckPublicAdvice(const json& plan) {
    if (!plan.contains("public_advice")) return;
    const json* advice = Object(plan, "", "public_advice");
    if (advice == nullptr) return;
    for (const auto& [level, texts] : advice->items()) {
      const std::string pointer = Join("/public_advice", level);
      if (level != "none" && !OneOf(level, internal::kLevels)) {
        Fail(pointer, "not a level (none, yellow, orange, red)");
        continue;
      }
      if (!texts.is_object()) {
        Fail(pointer, "must be an object");
        continue;
      }
      for (const auto& [key, text] : texts.items()) {
        if (key != "health" && key != "schools" && key != "public") {
          Fail(Join(pointer, key), "unknown key (health, schools, public)");
        } else if (!text.is_string() || text.get<std::string>().empty() ||
                   text.get<std::string>().size() > 1000) {
          Fail(Join(pointer, key), "must be text of 1-1000 bytes");
        }
      }
    }
  }

  void CheckTargets(const json& plan) {
    if (!plan.contains("reduction_targets_pct")) return;
    const json* targets = Object(plan, "", "reduction_targets_pct");
    if (targets == nullptr) return;
    for (std::string_view level : internal::kLevels) {
      Number(*targets, "/reduction_targets_pct", std::string(level), 0, 100);
    }
  }

  void CheckSchool(const json& org, const std::string& pointer) {
    const std::string* stage = String(org, pointer, "stage");
    if (stage != nullptr && !OneOf(*stage, internal::kSchoolStages)) {
      Fail(Join(pointer, "stage"),
           "must be kindergarten, primary or secondary");
    }
    Number(org, pointer, "students", 0, 100000);
    CheckLocation(org, pointer);
  }

  void CheckSite(const json& org, const std::string& pointer) {
    CheckLocation(org, pointer);
    Number(org, pointer, "geofence_m", 1, 10000);
    CheckTasks(org, pointer, "measures");
  }

  std::vector<PlanIssue> issues_;
  std::map<std::string, std::string> area_kinds_;  // code -> kind
  std::set<std::string> org_ids_;
  std::set<std::string> unit_ids_;
  std::set<std::string> usccs_;
  std::set<std::string> county_areas_;
  std::set<std::string> kinds_seen_;
  std::map<std::string, std::string> org_kinds_;                 // id -> kind
  std::vector<std::pair<std::string, std::string>> group_refs_;  // ptr, id
  std::vector<std::pair<std::string, std::string>> units_without_tasks_;
  std::vector<std::pair<std::string, std::string>> agencies_;
};

}  // namespace

std::vector<PlanIssue> ValidatePlan(const json& plan) {
  return PlanValidator().Run(plan);
}

Result<json> ReadPlanFile(const std::string& path,
                          std::vector<PlanIssue>* issues) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    issues->push_back({"", "cannot read the file"});
    return Error::Invalid(path + ": cannot read the file");
  }
  const std::string text((std::istreambuf_iterator<char>(file)), {});
  if (NestsDeeperThan(text, kMaxJsonDepth)) {
    issues->push_back(
        {"", "nests deeper than " + std::to_string(kMaxJsonDepth) + " levels"});
    return Error::Invalid(path + ": nests too deep");
  }
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    issues->push_back({"", std::string("invalid JSON: ") + e.what()});
    return Error::Invalid(path + ": invalid JSON");
  }
}

}  // namespace hazegate
