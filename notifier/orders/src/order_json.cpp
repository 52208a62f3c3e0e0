#include "hazegate/orders/order_json.h"

#include "hazegate/core/json.h"

namespace hazegate {

using nlohmann::json;

namespace {

json SmsToJson(const std::optional<OrderSms>& sms) {
  if (!sms) return nullptr;
  json out = {{"to", sms->to},
              {"sent_at", TimeOrNull(sms->sent_at)},
              {"status", sms->status}};
  if (sms->delivered_at) out["delivered_at"] = TimeOrNull(sms->delivered_at);
  return out;
}

}  // namespace

json OrderToJson(const Order& order) {
  json out = {
      {"id", order.id},
      {"warning_id", TextOrNull(order.warning_id)},
      {"org", order.org},
      {"kind", order.kind},
      {"level", TextOrNull(order.level)},
      {"title", order.title},
      {"body", order.body},
      {"measures", json::parse(order.measures_json)},
      {"effective_at", TimeOrNull(order.effective_at)},
      {"ack_due_at", TimeOrNull(order.ack_due_at)},
      {"status", order.status},
      {"delivered_at", TimeOrNull(order.delivered_at)},
      {"received_at", TimeOrNull(order.received_at)},
      {"received_via", TextOrNull(order.received_via)},
      {"acked_at", TimeOrNull(order.acked_at)},
      {"acked_at_client", TimeOrNull(order.acked_at_client)},
      {"acked_by", TextOrNull(order.acked_by)},
      {"acked_via", TextOrNull(order.acked_via)},
      {"sms", SmsToJson(order.sms)},
      {"exercise", order.exercise},
  };
  if (!order.refers_to.empty()) out["refers_to"] = order.refers_to;
  return out;
}

json CountsToJson(const std::map<std::string, internal::OrderCounts>& counts) {
  json out = json::object();
  for (const auto& [key, c] : counts) {
    out[key] = {{"total", c.total},       {"delivered", c.delivered},
                {"received", c.received}, {"acknowledged", c.acknowledged},
                {"on_time", c.on_time},   {"overdue", c.overdue},
                {"canceled", c.canceled}};
  }
  return out;
}

json ReachToJson(const internal::OrderReach& r) {
  return {
      {"live", r.live},
      {"https", r.https},
      {"sms_sent", r.sms_sent},
      {"sms_delivered", r.sms_delivered},
      {"sms_failed", r.sms_failed},
      {"reached", r.reached},
      {"acknowledged",
       {{"app", r.acked_app}, {"https", r.acked_https}, {"sms", r.acked_sms}}}};
}

}  // namespace hazegate
