// Helpers shared by the tests: temporary folders, a settable clock, a small
// valid plan, and TLS material for integration tests.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "hazegate/core/clock.h"
#include "hazegate/core/store.h"

namespace hazegate::testing {

// A fresh folder under /tmp, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const {
    return (path_ / name).string();
  }

 private:
  std::filesystem::path path_;
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start = FromUnixSeconds(1796083200))
      : now_(ToUnixSeconds(start)) {}
  TimePoint Now() const override { return FromUnixSeconds(now_.load()); }
  void Advance(std::chrono::seconds by) { now_ += by.count(); }

 private:
  std::atomic<int64_t> now_;
};

// A minimal valid plan: prefecture 652300 with counties 652301 and 652302,
// command, office, one unit, one group, a county org, one enterprise
// (ent-1, uscc kValidUscc), one school, one site.
nlohmann::json SmallPlan();
inline constexpr const char* kValidUscc = "91652301MA78K3Q5XA";

// The repository's sample plan, config/plans/changji.json.
nlohmann::json SamplePlan();

// Opens a store in `dir` with SmallPlan() loaded.
std::unique_ptr<Store> StoreWithPlan(const TempDir& dir, const Clock& clock);

// Writes a dev CA and server certificate into `dir` with the project's
// script; returns false if that failed.
bool MakeDevCerts(const std::filesystem::path& dir);

// Runs `command` through /bin/sh; its stdout without trailing line breaks.
// Throws std::runtime_error if it cannot run or exits non-zero.
std::string CommandOutput(const std::string& command);

// Reads a whole file.
std::string ReadFile(const std::string& path);

// Polls `condition` until true or `timeout` passes.
template <typename Condition>
bool Eventually(Condition condition,
                std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

}  // namespace hazegate::testing
