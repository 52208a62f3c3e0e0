#include "hazegate/config/reduction.h"

#include <cstdio>
#include <map>

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

const json& ProcessEmissions(const json& enterprise,
                             const std::string& process) {
  static const json kNone = json::object();
  const auto all = enterprise.find("emissions");
  if (all == enterprise.end() || !all->is_object()) return kNone;
  const auto one = all->find(process);
  return one == all->end() ? kNone : *one;
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

Emissions Baseline(const json& enterprise) {
  Emissions total;
  const auto all = enterprise.find("emissions");
  if (all == enterprise.end() || !all->is_object()) return total;
  for (const auto& [process, emissions] : all->items()) {
    total += FromObject(emissions, 1.0);
  }
  return total;
}

Emissions Reduction(const json& measures, const json& enterprise) {
  Emissions total;
  if (!measures.is_array()) return total;
  for (const json& measure : measures) {
    if (!measure.is_object()) continue;
    const std::string action = measure.value("action", "");
    const json& process =
        ProcessEmissions(enterprise, measure.value("process", ""));
    if (action == "stop") {
      total += FromObject(process, 1.0);
    } else if (action == "limit") {
      total +=
          FromObject(process, 1.0 - measure.value("load_pct", 100.0) / 100);
    } else {
      total += FromObject(measure.value("reduction_t_per_d", json()), 1.0);
    }
  }
  return total;
}

double TargetPct(const json& targets, const std::string& level) {
  if (targets.is_object() && targets.contains(level) &&
      targets[level].is_number()) {
    return targets[level].get<double>();
  }
  return level == "red" ? 30 : level == "orange" ? 20 : 10;
}

std::vector<PlanIssue> ReductionShortfalls(const json& plan) {
  std::map<std::string, std::pair<Emissions, std::map<std::string, Emissions>>>
      by_area;  // area -> baseline, level -> planned
  for (const json& org : plan.value("orgs", json::array())) {
    if (org.value("kind", "") != "enterprise") continue;
    auto& [baseline, planned] = by_area[org.value("area", "")];
    baseline += Baseline(org);
    for (const char* level : {"yellow", "orange", "red"}) {
      planned[level] += Reduction(
          org.value("measures", json::object()).value(level, json()), org);
    }
  }
  std::vector<PlanIssue> issues;
  const json areas = plan.value("areas", json::array());
  const json targets = plan.value("reduction_targets_pct", json());
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
