// The console's duty board (GET /board), a warning's map of recipients
// (GET /warnings/{id}/map) and its orders as CSV (GET /warnings/{id}/
// orders.csv). Read-only; thread-safe; Store and Clock outlive it. `area`
// narrows to the orgs of one area ("" = all): what a county sees.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "hazegate/config/csv.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"

namespace hazegate {

class BoardService {
 public:
  BoardService(Store& store, const Clock& clock);

  // {levels:[{area, name, kind, parent, level, warning_id}],
  //  warnings:[warning + {orders:{by_kind, by_area}, attention:[…]}]}: the
  // warnings in force (active, proposed), newest first; `attention` holds
  // up to 50 of their orders that need a look, overdue first. Nothing in it
  // changes unless the data does (no clock reading), so its ETag holds.
  Result<nlohmann::json> Board(const std::string& area) const;

  // [{org, name, kind, area, lat, lon, order_id, status}] for the
  // warning's enterprises, sites and schools with a location.
  Result<nlohmann::json> Map(const std::string& warning_id,
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
