// Emission reductions (national guidance: each level's measures should cut
// an area's SO2, NOx, PM and VOCs by 10 %, 20 %, 30 %). From the plan: an
// enterprise's baseline per process (`emissions`, t/d) and what a measure
// removes: a stop the process's emissions, a limit to N % load all but N %,
// other measures the `reduction_t_per_d` they state. Pure; thread-safe.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hazegate {

inline constexpr std::array<const char*, 4> kPollutants = {"so2", "nox", "pm",
                                                           "vocs"};

// Tonnes per day of each pollutant, in kPollutants' order.
struct Emissions {
  std::array<double, 4> t_per_d{};
  Emissions& operator+=(const Emissions& other);
};

// An enterprise's baseline by process.
using ProcessEmissions = std::map<std::string, Emissions>;

// One of an enterprise's measures at a level.
struct Measure {
  std::string process;
  std::string action;                  // stop, limit, or another
  std::optional<double> load_pct;      // limit: the load left
  std::optional<Emissions> reduction;  // other: reduction_t_per_d
};

// An enterprise's `emissions` from its details as stored (the plan's org
// object as JSON text); empty if it states none.
ProcessEmissions EmissionsOf(const std::string& details_json);

// Measures as an order carries them (JSON text of [{process, action,
// load_pct?, reduction_t_per_d?}]); entries of another shape are skipped.
std::vector<Measure> MeasuresOf(const std::string& measures_json);

// Every process's emissions together.
Emissions Baseline(const ProcessEmissions& enterprise);

// What `measures` take off the enterprise's emissions.
Emissions Reduction(const std::vector<Measure>& measures,
                    const ProcessEmissions& enterprise);

// The plan's target for `level` in percent: `targets` (the plan's
// reduction_targets_pct) or the national 10 / 20 / 30.
double TargetPct(const std::map<std::string, double>& targets,
                 const std::string& level);

}  // namespace hazegate
