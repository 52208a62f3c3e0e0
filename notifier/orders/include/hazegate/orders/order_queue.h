// Orders raised outside a warning's fan-out (rectification notices,
// inspection assignments). QueueOrder writes the order and its outbox message
// in the caller's WriteTx; the dispatchers send it after commit
// (call the notifier's outbox-written hook then). Not thread-safe beyond the
// transaction it is given.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/tx.h"
#include "hazegate/orders/channel.h"
#include "hazegate/orders/order.h"

namespace hazegate {

struct OrderDraft {
  std::string org;
  std::string kind;
  std::string level;  // "" for orders outside a level
  std::string title;
  std::string body;
  std::string measures_json = "[]";  // a JSON array: see Order
  std::string warning_id;            // "" if none
  std::optional<TimePoint> effective_at;
  std::optional<TimePoint> ack_due_at;
  std::string refers_to;  // escalation: the overdue order
  // A drill's (演练): the title gets kExerciseMark (order.h). Unset: as the
  // warning's earlier orders (a drill's escalations, reminders, cases).
  std::optional<bool> exercise;
  // The outbox channels it goes out on (see channel.h).
  std::vector<std::string> channels = {kMqttChannel};
};

// Inserts a pending order for `draft.org` and queues it to the address
// "orgs/{org}/orders" on each of its channels; returns the order's id.
std::string QueueOrder(WriteTx& tx, const OrderDraft& draft, TimePoint now);

}  // namespace hazegate
