#include "hazegate/config/reduction.h"

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "hazegate/config/plan.h"

namespace hazegate {

using nlohmann::json;

namespace {

Emissions FromObject(const json& object, double share) {
  Emissions e;
  if (!object.is_object()) return e;
  for (size_t i = 0; i < kPollutants.size(); ++i) {
    const auto value = object.find(kPollutants[i]);
    if (value != object.end() && value->is_number()) {
      e.t_per_d[i] = value->get<double>() * share;
    }
  }
  return e;
}

ProcessEmissions EmissionsFromJson(const json& enterprise) {
  ProcessEmissions by_process;
  const auto all = enterprise.find("emissions");
  if (all == enterprise.end() || !all->is_object()) return by_process;
  for (const auto& [process, emissions] : all->items()) {
    by_process[process] = FromObject(emissions, 1.0);
  }
  return by_process;
}

std::vector<Measure> MeasuresFromJson(const json& measures) {
  std::vector<Measure> list;
  if (!measures.is_array()) return list;
  for (const json& m : measures) {
    if (!m.is_object()) continue;
    Measure measure{m.value("process", ""), m.value("action", ""), std::nullopt,
                    std::nullopt};
    const json load = m.value("load_pct", json());
    if (load.is_number()) measure.load_pct = load.get<double>();
    if (m.contains("reduction_t_per_d")) {
      measure.reduction = FromObject(m["reduction_t_per_d"], 1.0);
    }
    list.push_back(std::move(measure));
  }
  return list;
}

std::map<std::string, double> TargetsFromJson(const json& targets) {
  std::map<std::string, double> by_level;
  if (!targets.is_object()) return by_level;
  for (const auto& [level, value] : targets.items()) {
    if (value.is_number()) by_level[level] = value.get<double>();
  }
  return by_level;
}

std::string Percent(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

}  // namespace

Emissions& Emissions::operator+=(const Emissions& other) {
  for (size_t i = 0; i < t_per_d.size(); ++i) t_per_d[i] += other.t_per_d[i];
  return *this;
}

ProcessEmissions EmissionsOf(const std::string& details_json) {
  return EmissionsFromJson(json::parse(details_json, nullptr, false));
}

std::vector<Measure> MeasuresOf(const std::string& measures_json) {
  return MeasuresFromJson(json::parse(measures_json, nullptr, false));
}

Emissions Baseline(const ProcessEmissions& enterprise) {
  Emissions total;
  for (const auto& [process, emissions] : enterprise) total += emissions;
  return total;
}

Emissions Reduction(const std::vector<Measure>& measures,
                    const ProcessEmissions& enterprise) {
  Emissions total;
  for (const Measure& measure : measures) {
    const auto found = enterprise.find(measure.process);
    const Emissions process =
        found == enterprise.end() ? Emissions{} : found->second;
    if (measure.action == "stop") {
      total += process;
    } else if (measure.action == "limit") {
      const double share = 1.0 - measure.load_pct.value_or(100.0) / 100;
      Emissions cut;
      for (size_t i = 0; i < kPollutants.size(); ++i) {
        cut.t_per_d[i] = process.t_per_d[i] * share;
      }
      total += cut;
    } else if (measure.reduction) {
      total += *measure.reduction;
    }
  }
  return total;
}

double TargetPct(const std::map<std::string, double>& targets,
                 const std::string& level) {
  const auto found = targets.find(level);
  if (found != targets.end()) return found->second;
  return level == "red" ? 30 : level == "orange" ? 20 : 10;
}

std::vector<PlanIssue> ReductionShortfalls(const json& plan) {
  std::map<std::string, std::pair<Emissions, std::map<std::string, Emissions>>>
      by_area;  // area -> baseline, level -> planned
  for (const json& org : plan.value("orgs", json::array())) {
    if (org.value("kind", "") != "enterprise") continue;
    auto& [baseline, planned] = by_area[org.value("area", "")];
    const ProcessEmissions emissions = EmissionsFromJson(org);
    baseline += Baseline(emissions);
    for (const char* level : {"yellow", "orange", "red"}) {
      planned[level] += Reduction(
          MeasuresFromJson(
              org.value("measures", json::object()).value(level, json())),
          emissions);
    }
  }
  std::vector<PlanIssue> issues;
  const json areas = plan.value("areas", json::array());
  const auto targets =
      TargetsFromJson(plan.value("reduction_targets_pct", json()));
  for (size_t a = 0; a < areas.size(); ++a) {
    const auto found = by_area.find(areas[a].value("code", ""));
    if (found == by_area.end()) continue;
    const auto& [baseline, planned] = found->second;
    for (const char* level : {"yellow", "orange", "red"}) {
      for (size_t p = 0; p < kPollutants.size(); ++p) {
        if (baseline.t_per_d[p] <= 0) continue;
        const double pct =
            100 * planned.at(level).t_per_d[p] / baseline.t_per_d[p];
        const double target = TargetPct(targets, level);
        if (pct + 1e-9 >= target) continue;
        issues.push_back({"/areas/" + std::to_string(a),
                          areas[a].value("name", "") + " " + level + ": " +
                              kPollutants[p] + " planned " + Percent(pct) +
                              " % < target " + Percent(target) + " %"});
      }
    }
  }
  return issues;
}

}  // namespace hazegate
