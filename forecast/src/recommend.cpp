#include "hazegate/forecast/recommend.h"

#include <algorithm>
#include <functional>

namespace hazegate {

namespace {

constexpr const char* kLevelsHighFirst[] = {"red", "orange", "yellow"};

// Consecutive forecast days (indices into the days) and how long they last
// from the forecast's issue.
struct Run {
  size_t first = 0, last = 0;
  double hours = 0;
  int days = 0;
};

std::optional<TimePoint> DayStart(const std::string& date) {
  return ParseRfc3339(date + "T00:00:00+08:00");
}

// The runs of days (not yet over at `issued_at`) for which `counts` holds.
std::vector<Run> Runs(const std::vector<ForecastDay>& days, TimePoint issued_at,
                      const std::function<bool(const ForecastDay&)>& counts) {
  std::vector<Run> runs;
  std::optional<TimePoint> previous_end;
  bool open = false;
  for (size_t i = 0; i < days.size(); ++i) {
    const std::optional<TimePoint> start = DayStart(days[i].date);
    if (!start) continue;
    const TimePoint end = *start + std::chrono::hours(24);
    if (end <= issued_at) continue;  // already over
    const bool follows = previous_end && *previous_end == *start;
    previous_end = end;
    if (!counts(days[i])) {
      open = false;
      continue;
    }
    const double hours = std::chrono::duration<double, std::ratio<3600>>(
                             end - std::max(*start, issued_at))
                             .count();
    if (!open || !follows) runs.push_back({i, i, 0, 0});
    open = true;
    runs.back().last = i;
    runs.back().hours += hours;
    runs.back().days += 1;
  }
  return runs;
}

bool Meets(const Run& run, const AqiCondition& condition) {
  return (condition.hours == 0 || run.hours >= condition.hours) &&
         (condition.days == 0 || run.days >= condition.days);
}

class Rules {
 public:
  Rules(const WarningRules& rules, TimePoint issued_at,
        const std::vector<ForecastDay>& days)
      : rules_(rules), issued_at_(issued_at), days_(days) {}

  bool NoWarning(const ForecastDay& day) const {
    const auto& ignored = rules_.no_warning_pollutants;
    return std::find(ignored.begin(), ignored.end(), day.primary_pollutant) !=
           ignored.end();
  }

  std::vector<Run> RunsOf(const AqiCondition& c,
                          const std::vector<ForecastDay>& days) const {
    return Runs(days, issued_at_, [&](const ForecastDay& day) {
      if (c.aqi_above >= 0) return day.aqi > c.aqi_above && !NoWarning(day);
      return day.aqi < c.aqi_below || NoWarning(day);
    });
  }

  // The run that makes `rule` hold, if any.
  std::optional<Run> Matches(const LevelRule& rule) const {
    if (rule.conditions.empty()) return std::nullopt;
    if (!rule.all) {
      for (const AqiCondition& condition : rule.conditions) {
        for (const Run& run : RunsOf(condition, days_)) {
          if (Meets(run, condition)) return run;
        }
      }
      return std::nullopt;
    }
    for (const Run& run : RunsOf(rule.conditions[0], days_)) {
      if (!Meets(run, rule.conditions[0])) continue;
      const std::vector<ForecastDay> inside(days_.begin() + run.first,
                                            days_.begin() + run.last + 1);
      const bool rest = std::all_of(
          rule.conditions.begin() + 1, rule.conditions.end(),
          [&](const AqiCondition& c) {
            const auto runs = RunsOf(c, inside);
            return std::any_of(runs.begin(), runs.end(),
                               [&](const Run& r) { return Meets(r, c); });
          });
      if (rest) return run;
    }
    return std::nullopt;
  }

  // The lift condition holds from the forecast's first day on.
  bool Lifts() const {
    const auto runs = RunsOf(rules_.lift, days_);
    if (runs.empty()) return false;
    size_t first_future = 0;
    while (first_future < days_.size()) {
      const auto start = DayStart(days_[first_future].date);
      if (start && *start + std::chrono::hours(24) > issued_at_) break;
      ++first_future;
    }
    return runs[0].first == first_future && Meets(runs[0], rules_.lift);
  }

  std::string DaysText(const Run& run) const {
    std::string text;
    for (size_t i = run.first; i <= run.last; ++i) {
      const ForecastDay& day = days_[i];
      if (!text.empty()) text += "、";
      text += std::to_string(std::stoi(day.date.substr(5, 2))) + "月" +
              std::to_string(std::stoi(day.date.substr(8, 2))) + "日AQI " +
              std::to_string(day.aqi);
    }
    return text;
  }

 private:
  const WarningRules& rules_;
  const TimePoint issued_at_;
  const std::vector<ForecastDay>& days_;
};

std::string ConditionText(const AqiCondition& c) {
  std::string text = c.aqi_above >= 0 ? "AQI>" + std::to_string(c.aqi_above)
                                      : "AQI<" + std::to_string(c.aqi_below);
  if (c.hours > 0) text += "持续" + std::to_string(c.hours) + "小时及以上";
  if (c.days == 1 && c.hours == 0) text += "（日均）";
  if (c.days > 1) text += "连续" + std::to_string(c.days) + "天";
  return text;
}

std::string RuleText(const LevelRule& rule) {
  std::string text;
  for (const AqiCondition& condition : rule.conditions) {
    if (!text.empty()) text += rule.all ? "且" : "或";
    text += ConditionText(condition);
  }
  return text;
}

}  // namespace

std::string LevelWords(const std::string& level) {
  if (level == "yellow") return "黄色";
  if (level == "orange") return "橙色";
  if (level == "red") return "红色";
  return "无";
}

int LevelRank(const std::string& level) {
  if (level == "yellow") return 1;
  if (level == "orange") return 2;
  if (level == "red") return 3;
  return 0;
}

std::string ActionFor(const std::string& called, const InForce& in_force,
                      bool lifts) {
  const int want = LevelRank(called), have = LevelRank(in_force.level);
  if (have == 0) return want == 0 ? "keep" : "issue";
  if (want > have) return "upgrade";
  if (want == have) return "keep";
  if (want == 0) return lifts ? "lift" : "keep";
  return "downgrade";
}

Recommendation Recommend(const WarningRules& rules, TimePoint issued_at,
                         const std::vector<ForecastDay>& days,
                         const InForce& in_force) {
  const Rules evaluate(rules, issued_at, days);
  Recommendation out{"none", "keep", ""};
  for (const char* level : kLevelsHighFirst) {
    const auto found = rules.levels.find(level);
    if (found == rules.levels.end()) continue;
    if (const auto run = evaluate.Matches(found->second)) {
      out.level = level;
      out.basis = "预报" + evaluate.DaysText(*run) + "，" +
                  RuleText(found->second) + "，达到" + LevelWords(level) +
                  "预警启动条件";
      break;
    }
  }
  const bool lifts = evaluate.Lifts();
  out.action = ActionFor(out.level, in_force, lifts);
  if (out.level == "none") {
    const bool warned = LevelRank(in_force.level) > 0;
    out.basis = !warned ? "预报期内未达到预警启动条件"
                : lifts ? "预报" + ConditionText(rules.lift) + "，达到解除条件"
                        : "未达到预警启动条件，但尚未达到解除条件（" +
                              ConditionText(rules.lift) + "）";
  }
  return out;
}

}  // namespace hazegate
