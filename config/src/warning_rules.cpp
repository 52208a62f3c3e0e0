#include "hazegate/config/warning_rules.h"

#include <algorithm>

#include "hazegate/core/store.h"

namespace hazegate {

using nlohmann::json;

namespace {

constexpr const char* kRuleLevels[] = {"yellow", "orange", "red"};
constexpr int kMaxAqi = 500;
constexpr int kMaxHours = 24 * 15;

class RuleParser {
 public:
  explicit RuleParser(std::vector<PlanIssue>* issues) : issues_(issues) {}

  WarningRules Parse(const json& rules) {
    WarningRules parsed;
    if (!rules.is_object()) {
      Fail("", "must be an object");
      return NationalWarningRules();
    }
    for (const auto& [key, value] : rules.items()) {
      if (std::find(std::begin(kRuleLevels), std::end(kRuleLevels), key) !=
          std::end(kRuleLevels)) {
        parsed.levels[key] = Level(value, "/" + key);
      } else if (key == "lift") {
        parsed.lift = Condition(value, "/lift");
        if (parsed.lift.aqi_below < 0) {
          Fail("/lift", "must be an aqi_below condition");
        }
      } else if (key == "no_warning_pollutants") {
        parsed.no_warning_pollutants = Pollutants(value);
      } else {
        Fail("/" + key,
             "unknown key (yellow, orange, red, lift, "
             "no_warning_pollutants)");
      }
    }
    for (const char* level : kRuleLevels) {
      if (!parsed.levels.contains(level))
        Fail(std::string("/") + level, "is required");
    }
    if (!rules.contains("lift")) Fail("/lift", "is required");
    return parsed;
  }

 private:
  void Fail(const std::string& pointer, const std::string& message) {
    issues_->push_back({"/warning_rules" + pointer, message});
  }

  // {"any": [conditions]} or {"all": [conditions]}.
  LevelRule Level(const json& value, const std::string& pointer) {
    LevelRule rule;
    if (!value.is_object() || value.size() != 1 ||
        !(value.contains("any") || value.contains("all"))) {
      Fail(pointer, "must be {\"any\": [...]} or {\"all\": [...]}");
      return rule;
    }
    rule.all = value.contains("all");
    const std::string key = rule.all ? "all" : "any";
    const json& list = value.at(key);
    if (!list.is_array() || list.empty() || list.size() > 8) {
      Fail(pointer + "/" + key, "must be 1-8 conditions");
      return rule;
    }
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string at = pointer + "/" + key + "/" + std::to_string(i);
      AqiCondition condition = Condition(list[i], at);
      if (condition.aqi_above < 0) Fail(at, "must be an aqi_above condition");
      rule.conditions.push_back(condition);
    }
    return rule;
  }

  // {aqi_above|aqi_below: 0-500, hours?: 1-360, days?: 1-15}, one bound.
  AqiCondition Condition(const json& value, const std::string& pointer) {
    AqiCondition condition;
    if (!value.is_object()) {
      Fail(pointer, "must be an object");
      return condition;
    }
    for (const auto& [key, field] : value.items()) {
      const int max = key == "hours"  ? kMaxHours
                      : key == "days" ? kMaxHours / 24
                                      : kMaxAqi;
      const bool known = key == "aqi_above" || key == "aqi_below" ||
                         key == "hours" || key == "days";
      if (!known) {
        Fail(pointer + "/" + key,
             "unknown key (aqi_above, aqi_below, hours, days)");
        continue;
      }
      if (!field.is_number_integer() || field.get<int64_t>() < 0 ||
          field.get<int64_t>() > max ||
          (key != "aqi_above" && key != "aqi_below" &&
           field.get<int64_t>() == 0)) {
        Fail(pointer + "/" + key,
             "must be an integer from " +
                 std::string(key == "hours" || key == "days" ? "1" : "0") +
                 " to " + std::to_string(max));
        continue;
      }
      const int number = field.get<int>();
      if (key == "aqi_above") condition.aqi_above = number;
      if (key == "aqi_below") condition.aqi_below = number;
      if (key == "hours") condition.hours = number;
      if (key == "days") condition.days = number;
    }
    if ((condition.aqi_above >= 0) == (condition.aqi_below >= 0)) {
      Fail(pointer, "needs one of aqi_above and aqi_below");
    }
    if (condition.hours == 0 && condition.days == 0) {
      Fail(pointer, "needs hours or days");
    }
    return condition;
  }

  std::vector<std::string> Pollutants(const json& value) {
    std::vector<std::string> list;
    if (!value.is_array()) {
      Fail("/no_warning_pollutants", "must be an array");
      return list;
    }
    for (size_t i = 0; i < value.size(); ++i) {
      const bool known =
          value[i].is_string() &&
          std::any_of(std::begin(kPrimaryPollutants),
                      std::end(kPrimaryPollutants),
                      [&](const char* p) { return value[i] == p; });
      if (!known) {
        Fail("/no_warning_pollutants/" + std::to_string(i),
             "must be one of pm25 pm10 o3 so2 no2 co dust");
      } else {
        list.push_back(value[i].get<std::string>());
      }
    }
    return list;
  }

  std::vector<PlanIssue>* issues_;
};

}  // namespace

WarningRules NationalWarningRules() {
  WarningRules rules;
  rules.levels["yellow"] = {
      {{.aqi_above = 200, .days = 1}, {.aqi_above = 150, .hours = 48}}, false};
  rules.levels["orange"] = {
      {{.aqi_above = 200, .hours = 48}, {.aqi_above = 150, .hours = 72}},
      false};
  rules.levels["red"] = {
      {{.aqi_above = 200, .hours = 72}, {.aqi_above = 300, .hours = 24}}, true};
  rules.lift = {.aqi_below = 150, .hours = 36};
  rules.no_warning_pollutants = {"dust", "o3"};
  return rules;
}

WarningRules ParseWarningRules(const json& rules,
                               std::vector<PlanIssue>* issues) {
  if (rules.is_null()) return NationalWarningRules();
  return RuleParser(issues).Parse(rules);
}

WarningRules WarningRulesOf(ReadTx& tx) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT value FROM plan_settings WHERE key = 'warning_rules'");
  if (!query.executeStep()) return NationalWarningRules();
  std::vector<PlanIssue> ignored;  // checked when the plan was loaded
  return ParseWarningRules(json::parse(query.getColumn(0).getString()),
                           &ignored);
}

}  // namespace hazegate
