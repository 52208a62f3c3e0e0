// The plan's settings (table plan_settings, written by the plan loader) and
// the directory reads the fan-out, escalations and reminders need. Call with
// the caller's transaction; not thread-safe beyond it.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "hazegate/core/clock.h"
#include "hazegate/core/tx.h"

namespace hazegate {

// A plan setting (JSON) by key, or null.
nlohmann::json PlanSetting(ReadTx& tx, const std::string& key);

// The first org of `kind` in the plan's order, within `area` unless it is
// ""; "" if none.
std::string FirstOrg(ReadTx& tx, const std::string& kind,
                     const std::string& area);

// The plan's acknowledgement windows by recipient kind, read once.
class AckWindows {
 public:
  explicit AckWindows(ReadTx& tx);

  // `now` plus the window for an org of `kind`, or `override_s` when set.
  // An agency without a window of its own has the units'.
  TimePoint Due(const std::string& kind, std::optional<int64_t> override_s,
                TimePoint now) const;

 private:
  nlohmann::json windows_;
};

}  // namespace hazegate
