// The console's duty board (GET /board), a warning's map of recipients
// (GET /warnings/{id}/map) and its orders as CSV (GET /warnings/{id}/
// orders.csv). Read-only; thread-safe; Store and Clock outlive it. `area`
// narrows to the orgs of one area ("" = all): what a county sees.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hazegate/config/csv.h"
#include "hazegate/config/plan_settings.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"
#include "hazegate/orders/order_tallies.h"
#include "hazegate/warnings/warning.h"

namespace hazegate {

// An area and the level in force there.
struct AreaOnBoard {
  std::string area, name, kind;
  std::string parent;  // "" for the prefecture
  std::string level = "none";
  std::string warning_id;  // "" when none
};

// An order that needs a look: overdue, not taken by the broker, or not
// confirmed by a device.
struct AttentionOrder {
  std::string order_id, org, name, kind, area, status;
  std::optional<TimePoint> ack_due_at;
  bool escalated = false;    // overdue and escalated for its silence
  std::string received_via;  // "mqtt", "https" or "" (not received)
  std::string sms;           // the order's SMS status, "" if none went out
};

struct BoardWarning {
  Warning warning;
  internal::OrderTallies orders;  // by_kind and by_area
  std::vector<AttentionOrder> attention;
};

struct Board {
  std::vector<AreaOnBoard> levels;
  std::vector<BoardWarning> warnings;
};

// An area's level as the public reads it (issue 22, no login).
struct PublicLevel {
  std::string area, name;
  std::string level = "none";
  std::string warning_id;  // "" when none
  std::optional<TimePoint> starts_at;
  std::string headline;
  PublicAdvice advice;
  // The warning's latest published press release (新闻发布), "" if none.
  std::string press_title;
  std::optional<TimePoint> press_at;
};

struct PublicLevels {
  std::vector<PublicLevel> areas;       // the plan's order
  std::optional<TimePoint> changed_at;  // the last warning to start or end
};

// A recipient with a location on a warning's map.
struct MapPoint {
  std::string org, name, kind, area;
  double lat = 0, lon = 0;
  std::string order_id, status;
};

class BoardService {
 public:
  BoardService(Store& store, const Clock& clock);

  // Every area in plan order with its level, and the warnings in force
  // (active, proposed), newest first; `attention` holds up to 50 of their
  // orders that need a look, overdue first. Nothing in it changes unless
  // the data does (no clock reading), so an ETag of its JSON form holds.
  Result<hazegate::Board> Board(const std::string& area) const;

  // Every area's level with the plan's advice for it, and when a level last
  // changed. Nothing in it reads the clock (an ETag of it holds).
  Result<hazegate::PublicLevels> PublicLevels() const;
  // Changes whenever a warning or a press release does: PublicLevels built
  // at the same fingerprint is still right (the plan aside).
  Result<std::string> PublicFingerprint() const;

  // The warning's enterprises, sites and schools with a location, in order
  // of their orders; kNotFound for an unknown warning.
  Result<std::vector<MapPoint>> Map(const std::string& warning_id,
                                    const std::string& area) const;

  // Every order of the warning, UTF-8 with BOM, one line each.
  // One page of orders.csv from `cursor` (0 = the first, with the header),
  // in order of creation; `area` "" = all, else that area's orgs only.
  Result<CsvPage> OrdersCsv(const std::string& warning_id,
                            const std::string& area, int64_t cursor) const;

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace hazegate
