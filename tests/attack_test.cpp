// The attacks of issues 10 and 19 against the production shape (the real binary
// behind the nginx TLS front door, real sockets), one test per scenario of
// attack/scenarios.cpp. Each prints what the normal client saw meanwhile,
// and the server's peak RSS and CPU; each requires a live server whose
// processes stay under 256 MiB.
#include <gtest/gtest.h>

#include <iostream>

#include "attack/protected_server.h"
#include "attack/scenarios.h"

namespace hazegate {
namespace {

using testing::ProtectedServer;

class Attack : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    server_ = new ProtectedServer(*dir_);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static testing::TempDir* dir_;
  static ProtectedServer* server_;
};

testing::TempDir* Attack::dir_ = nullptr;
ProtectedServer* Attack::server_ = nullptr;

TEST_P(Attack, IsHeld) {
  for (const testing::Scenario& scenario : testing::Scenarios(*server_)) {
    if (scenario.name != GetParam()) continue;
    server_->ResetPeaks();
    const double cpu = server_->GatewayUse().cpu_seconds;
    const testing::ScenarioResult result = scenario.run();
    const auto gateway = server_->GatewayUse();
    const auto door = server_->FrontDoorUse();
    std::cout << result.text << "  gateway: peak RSS "
              << gateway.peak_rss_kib / 1024 << " MiB, CPU "
              << gateway.cpu_seconds - cpu << " s; front door: peak RSS "
              << door.peak_rss_kib / 1024 << " MiB\n";
    EXPECT_TRUE(result.held) << result.text;
    EXPECT_TRUE(server_->GatewayAlive());
    EXPECT_LT(gateway.peak_rss_kib, 256 * 1024);
    EXPECT_LT(door.peak_rss_kib, 256 * 1024);
    return;
  }
  FAIL() << "no scenario " << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Issue10, Attack,
                         ::testing::ValuesIn(testing::ScenarioNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace hazegate
