// Bulletins (日报 / 专报, seed 二.4, issue 23): the office's report to the
// region, compiled from the live data of the warnings in force (or of one
// warning) and frozen: the figures never change after compiling, and an
// approved version never changes at all (the store refuses it); a
// correction is a new version of the same series, keeping its number. A
// daily draft compiles itself at the plan's hour while a real warning is in
// force. Thread-safe; Store and Clock outlive it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/actor.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"

namespace hazegate {

// Orders of one recipient kind or area, as compiled.
struct BulletinCounts {
  int64_t total = 0, received = 0, acknowledged = 0, on_time = 0, overdue = 0;
};

// Enterprises ordered to stop (every measure a stop) or to limit (any
// other): how many, acknowledged, and verified (inspected compliant, never
// non-compliant during the warning).
struct BulletinEnterprises {
  int64_t ordered = 0, acknowledged = 0, verified = 0;
};

// One pollutant's reduction in t/d against the covered baseline.
struct BulletinPollutant {
  double baseline_t_per_d = 0, planned = 0, acknowledged = 0, verified = 0,
         target_pct = 0;
};

// A notable event of the last 24 hours: a decision on the warning, a case
// opened. `at` is RFC 3339.
struct BulletinEvent {
  std::string at, event, detail;
};

struct BulletinWarning {
  std::string id, level, headline, activated_at;
  bool exercise = false;
  std::vector<std::string> areas;
  std::map<std::string, BulletinCounts> by_kind, by_area;
  std::map<std::string, BulletinEnterprises> enterprises;  // stop, limit
  int64_t inspections = 0, compliant = 0, non_compliant = 0;
  int64_t cases_opened = 0, cases_closed = 0, cases_penalized = 0;
  int64_t reports_due = 0, reports_received = 0, reports_late = 0,
          reports_missing = 0;
  std::map<std::string, BulletinPollutant> reduction;  // by pollutant
  std::vector<BulletinEvent> events;                   // oldest first
};

struct BulletinFigures {
  std::string as_of;  // RFC 3339: when compiled
  std::vector<BulletinWarning> warnings;
};

struct BulletinSending {
  std::string to, by;
  TimePoint at;
};

struct Bulletin {
  std::string id, series;                 // series: the first version's id
  std::string kind;                       // daily, special
  std::optional<std::string> warning_id;  // none: every warning in force
  int version = 1;
  std::string status;                 // draft, approved
  std::optional<std::string> number;  // 〔2026〕3号 once approved
  std::string title, text;
  TimePoint compiled_at;
  std::string compiled_by;  // "system" for the plan's daily draft
  std::optional<std::string> approved_by;
  std::optional<TimePoint> approved_at;
  BulletinFigures figures;
  std::vector<BulletinSending> sent;  // oldest first
};

struct BulletinFilter {
  std::string warning, kind;  // "" = any
};

class BulletinService {
 public:
  BulletinService(Store& store, const Clock& clock);

  // A draft compiled now: a daily one over every real warning in force (or
  // `warning_id`'s), a special one over `warning_id`'s (text required: the
  // event). kInvalidInput naming kind, warning_id or text (up to 8,000
  // bytes, no control characters but line breaks and tab); kNotFound for an
  // unknown warning; kConflict with nothing in force or a warning never in
  // force.
  Result<Bulletin> Compile(const std::string& kind,
                           const std::optional<std::string>& warning_id,
                           const std::string& text, const Actor& actor);

  // The latest draft of its series approved, `text` (if given) its last
  // words: numbered (the series' number, or the next of its year and kind).
  // kNotFound; kConflict if approved already or not the series' latest.
  Result<Bulletin> Approve(const std::string& id,
                           const std::optional<std::string>& text,
                           const Actor& actor);

  // A new draft version of the series from its latest: its figures (or
  // compiled again with `recompile`), `text` or the latest's. kConflict
  // unless `id` is the series' latest.
  Result<Bulletin> Revise(const std::string& id,
                          const std::optional<std::string>& text,
                          bool recompile, const Actor& actor);

  // Logs a sending of an approved version: kConflict for a draft;
  // kInvalidInput naming to (1-200 bytes).
  Result<Bulletin> Sent(const std::string& id, const std::string& to,
                        TimePoint at, const Actor& actor);

  // Newest first, without figures. kInvalidInput naming kind.
  Result<std::vector<Bulletin>> List(const BulletinFilter& filter) const;
  Result<Bulletin> Get(const std::string& id) const;

  // Printable A4 page (Chinese, no scripts) and CSV of one version.
  Result<std::string> Html(const std::string& id) const;
  Result<std::string> Csv(const std::string& id) const;

 private:
  Store& store_;
  const Clock& clock_;
};

namespace internal {

// The plan's daily draft for today (Beijing) if its hour has come, a real
// warning is in force and none was compiled today; true if compiled.
bool CompileDailyBulletin(WriteTx& tx, TimePoint now);

}  // namespace internal

}  // namespace hazegate
