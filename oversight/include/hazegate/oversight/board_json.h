// The duty board's and the map's JSON forms (GET /board, GET /warnings/{id}/
// map, docs/api.md): for the HTTP edge only. Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "hazegate/oversight/board.h"

namespace hazegate {

// {levels:[{area, name, kind, parent, level, warning_id}],
//  warnings:[warning + {orders:{by_kind, by_area}, attention:[{order_id,
//  org, name, kind, area, status, ack_due_at, escalated}]}]}.
nlohmann::json BoardToJson(const Board& board);

// [{org, name, kind, area, lat, lon, order_id, status}].
nlohmann::json MapToJson(const std::vector<MapPoint>& points);

}  // namespace hazegate
