// An order's JSON form, the one the HTTP API returns and the MQTT channel
// sends (contract §3 "Orders", docs/mqtt.md): for the edges only.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "hazegate/orders/order.h"
#include "hazegate/orders/order_tallies.h"

namespace hazegate {

// {id, warning_id, org, kind, level, title, body, measures, effective_at,
// ack_due_at, status, delivered_at, received_at, acked_at, acked_by} and
// refers_to when it has one; times RFC 3339 in Beijing time, "" as null.
nlohmann::json OrderToJson(const Order& order);

// {KEY: {total, delivered, received, acknowledged, on_time, overdue,
// canceled}}: the board's and the evaluation's tallies.
nlohmann::json CountsToJson(
    const std::map<std::string, internal::OrderCounts>& counts);

// {live, https, sms_sent, sms_delivered, sms_failed, reached, acknowledged:
// {app, https, sms}}: how a warning's orders reached their orgs.
nlohmann::json ReachToJson(const internal::OrderReach& reach);

}  // namespace hazegate
