// Issue 10's attacks as named scenarios with what each must leave true.
// tests/attack_test.cpp runs each as a test; scripts/attack.sh prints them.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "attacks.h"
#include "protected_server.h"

namespace hazegate::testing {

struct ScenarioResult {
  bool held = true;
  std::string text;  // what the normal client and the attackers saw
  // Records a requirement; a false one makes the scenario fail.
  void Check(bool ok, const std::string& requirement);
};

struct Scenario {
  std::string name;
  std::function<ScenarioResult()> run;
};

std::vector<Scenario> Scenarios(const ProtectedServer& server);

// The normal client kept being answered, each request with 200 (how fast
// is printed, not bounded: wall-clock bounds belong in benchmarks and in
// scripts/attack.sh's figures).
void CheckServed(const AttackReport& report, ScenarioResult& result);

// The server as the attacks address it, with the office's token for the
// normal client.
Target TargetOf(const ProtectedServer& server);
std::vector<std::string> ScenarioNames();

}  // namespace hazegate::testing
