// Clock: the source of "now", behind an interface so that logic can be tested
// with a fake. Implementations must be thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace hazegate {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

// Beijing time, the offset every time the service writes is given in.
inline constexpr int kBeijingOffsetMinutes = 8 * 60;

// "2026-12-01T08:00:00+08:00" (seconds precision).
std::string FormatRfc3339(TimePoint t,
                          int offset_minutes = kBeijingOffsetMinutes);

// Accepts RFC 3339 with an offset or "Z" and optional fractional seconds,
// years 1970 to 2200; nullopt on anything else.
std::optional<TimePoint> ParseRfc3339(const std::string& text);

// Seconds since the Unix epoch, the form times are stored in.
int64_t ToUnixSeconds(TimePoint t);
TimePoint FromUnixSeconds(int64_t seconds);

}  // namespace hazegate
