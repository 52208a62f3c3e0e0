// Issue 19's attacks (a valid low-privilege account; odd methods), as
// scenarios of the same shape as issue 10's: attack/scenarios.cpp lists them
// after its own.
#pragma once

#include <utility>
#include <vector>

#include "protected_server.h"
#include "scenarios.h"

namespace hazegate::testing {

using ScenarioRun = ScenarioResult (*)(const ProtectedServer&);

std::vector<std::pair<const char*, ScenarioRun>> AccountScenarios();

}  // namespace hazegate::testing
