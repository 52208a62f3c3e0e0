#include "hazegate/oversight/board_json.h"

#include "hazegate/core/json.h"
#include "hazegate/orders/order_json.h"
#include "hazegate/warnings/warning_json.h"

namespace hazegate {

using nlohmann::json;

namespace {

json AreaToJson(const AreaOnBoard& area) {
  return {{"area", area.area},   {"name", area.name},
          {"kind", area.kind},   {"parent", TextOrNull(area.parent)},
          {"level", area.level}, {"warning_id", TextOrNull(area.warning_id)}};
}

json AttentionToJson(const AttentionOrder& order) {
  return {{"order_id", order.order_id},
          {"org", order.org},
          {"name", order.name},
          {"kind", order.kind},
          {"area", order.area},
          {"status", order.status},
          {"ack_due_at", TimeOrNull(order.ack_due_at)},
          {"escalated", order.escalated},
          {"received_via", TextOrNull(order.received_via)},
          {"sms", TextOrNull(order.sms)}};
}

json BoardWarningToJson(const BoardWarning& entry) {
  json warning = WarningToJson(entry.warning);
  warning["orders"] = {{"by_kind", CountsToJson(entry.orders.by_kind)},
                       {"by_area", CountsToJson(entry.orders.by_area)},
                       {"reach", ReachToJson(entry.orders.reach)}};
  warning["attention"] = JsonArray(entry.attention, AttentionToJson);
  return warning;
}

json MapPointToJson(const MapPoint& point) {
  return {{"org", point.org},           {"name", point.name},
          {"kind", point.kind},         {"area", point.area},
          {"lat", point.lat},           {"lon", point.lon},
          {"order_id", point.order_id}, {"status", point.status}};
}

}  // namespace

json BoardToJson(const Board& board) {
  return {{"levels", JsonArray(board.levels, AreaToJson)},
          {"warnings", JsonArray(board.warnings, BoardWarningToJson)}};
}

json MapToJson(const std::vector<MapPoint>& points) {
  return JsonArray(points, MapPointToJson);
}

}  // namespace hazegate
