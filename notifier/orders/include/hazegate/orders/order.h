// An order as stored: what its recipient was sent and where it stands
// (contract §3 "Orders"). A value: copy it freely. Its JSON form, for the
// HTTP and MQTT edges, is order_json.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hazegate/config/directory.h"  // PageRequest
#include "hazegate/core/clock.h"

namespace hazegate {

// How an order went out by SMS (contract v3 §5): to the org's contacts,
// one message per phone; `status` is the furthest any phone's got.
struct OrderSms {
  std::vector<std::string> to;  // "+86…"
  std::string status;           // queued, sent, delivered or failed
  std::optional<TimePoint> sent_at;
  std::optional<TimePoint> delivered_at;
};

// What begins a drill's order titles (and so its SMS): 【演练】.
inline constexpr char kExerciseMark[] = "【演练】";

struct Order {
  std::string id;
  std::string warning_id;  // "" if none
  std::string org;
  std::string kind;   // "enterprise_measures", "school_notice", …
  std::string level;  // "" outside a level
  std::string title;
  std::string body;
  // The kind's measures as sent, a JSON array: the plan's measures as
  // strings; an escalation's, a case's or a reminder's as objects
  // (docs/mqtt.md). Only the edges read it.
  std::string measures_json = "[]";
  std::optional<TimePoint> effective_at;
  std::optional<TimePoint> ack_due_at;
  // pending, delivered, received, acknowledged, overdue or canceled.
  std::string status;
  std::optional<TimePoint> delivered_at;
  std::optional<TimePoint> received_at;
  std::string received_via;  // "mqtt" (a device), "https" or "sms"; ""
  std::optional<TimePoint> acked_at;
  // When the person tapped it, as the phone said (an ack made offline is
  // uploaded later); within [created, acked_at].
  std::optional<TimePoint> acked_at_client;
  std::string acked_by;   // "" until acknowledged: an account, device or phone
  std::string acked_via;  // "https", "mqtt" or "sms"; "" until acknowledged
  std::optional<OrderSms> sms;  // nullopt: no SMS was due
  std::string refers_to;        // an escalation's overdue order; "" if none
  bool exercise = false;        // a drill's (演练): its title is marked
};

// Which of a warning's orders to list.
struct OrderFilter {
  std::string status;  // "" = any
  std::string kind;
  std::string area;  // the recipient org's area
  PageRequest page;
};

}  // namespace hazegate
