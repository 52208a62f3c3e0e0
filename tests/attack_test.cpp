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
  // A server that cannot start fails each test (an exception here would
  // make gtest skip them, and ctest count a skip as a pass).
  // Ports are picked free a moment before the processes bind them, so a
  // start that failed is tried again (fresh folder, fresh ports), at most
  // three times; what each attempt said is kept for the failure.
  static void SetUpTestSuite() {
    for (int attempt = 0; attempt < 3 && server_ == nullptr; ++attempt) {
      delete dir_;
      dir_ = new testing::TempDir();
      try {
        server_ = new ProtectedServer(*dir_);
      } catch (const std::exception& e) {
        *setup_error_ +=
            "\nattempt " + std::to_string(attempt + 1) + ": " + e.what();
      }
    }
    if (!setup_error_->empty()) std::cout << *setup_error_ << "\n";
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static testing::TempDir* dir_;
  static ProtectedServer* server_;
  static std::string* setup_error_;
};

testing::TempDir* Attack::dir_ = nullptr;
ProtectedServer* Attack::server_ = nullptr;
std::string* Attack::setup_error_ = new std::string;

TEST_P(Attack, IsHeld) {
  ASSERT_NE(server_, nullptr) << "the server did not start: " << *setup_error_;
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
