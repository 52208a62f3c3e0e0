#include "hazegate/core/clock.h"

#include <cstdio>
#include <ctime>

namespace hazegate {

int64_t ToUnixSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch())
      .count();
}

TimePoint FromUnixSeconds(int64_t seconds) {
  return TimePoint{std::chrono::seconds{seconds}};
}

std::string FormatRfc3339(TimePoint t, int offset_minutes) {
  const std::time_t shifted =
      static_cast<std::time_t>(ToUnixSeconds(t) + offset_minutes * 60);
  std::tm parts{};
  gmtime_r(&shifted, &parts);
  const char sign = offset_minutes < 0 ? '-' : '+';
  const int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
                parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                parts.tm_hour, parts.tm_min, parts.tm_sec, sign, magnitude / 60,
                magnitude % 60);
  return text;
}

namespace {

bool ParseDigits(const std::string& s, size_t pos, size_t count, int* out) {
  if (pos + count > s.size()) return false;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + (s[i] - '0');
  }
  *out = value;
  return true;
}

// Parses the offset at `pos` ("Z" or "+hh:mm"/"-hh:mm"), in minutes.
std::optional<int> ParseOffset(const std::string& s, size_t pos) {
  if (pos == s.size() - 1 && (s[pos] == 'Z' || s[pos] == 'z')) return 0;
  int hours = 0, minutes = 0;
  if (s.size() != pos + 6 || (s[pos] != '+' && s[pos] != '-') ||
      s[pos + 3] != ':' || !ParseDigits(s, pos + 1, 2, &hours) ||
      !ParseDigits(s, pos + 4, 2, &minutes) || hours > 23 || minutes > 59) {
    return std::nullopt;
  }
  const int total = hours * 60 + minutes;
  return s[pos] == '-' ? -total : total;
}

constexpr int kMinYear = 1970;
constexpr int kMaxYear = 2200;

bool ValidDate(int year, int month, int day) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int limit = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= limit;
}

}  // namespace

std::optional<TimePoint> ParseRfc3339(const std::string& s) {
  int year, month, day, hour, minute, second;
  if (s.size() < 20 || !ParseDigits(s, 0, 4, &year) || s[4] != '-' ||
      !ParseDigits(s, 5, 2, &month) || s[7] != '-' ||
      !ParseDigits(s, 8, 2, &day) || (s[10] != 'T' && s[10] != 't') ||
      !ParseDigits(s, 11, 2, &hour) || s[13] != ':' ||
      !ParseDigits(s, 14, 2, &minute) || s[16] != ':' ||
      !ParseDigits(s, 17, 2, &second)) {
    return std::nullopt;
  }
  // Years past what a TimePoint (nanoseconds since 1970) can hold are
  // refused, with some margin: found by fuzzing (1013 overflowed).
  if (year < kMinYear || year > kMaxYear || !ValidDate(year, month, day) ||
      hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const size_t digits_start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == digits_start) return std::nullopt;
  }
  const auto offset = ParseOffset(s, pos);
  if (!offset) return std::nullopt;
  std::tm parts{};
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = minute;
  parts.tm_sec = second;
  const int64_t utc = static_cast<int64_t>(timegm(&parts)) - *offset * 60;
  return FromUnixSeconds(utc);
}

}  // namespace hazegate
