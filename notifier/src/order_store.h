// Orders and the outbox, as rows: shared by the warning lifecycle, the
// deadline scheduler and acknowledgements. Call inside a WriteTransaction;
// every order written here is published by the dispatcher after commit.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/store.h"
#include "hazegate/notifier/channel.h"
#include "hazegate/notifier/order_queue.h"

namespace hazegate::internal {

using hazegate::OrderDraft;

// The columns OrderJson reads, in order, for "SELECT <kOrderColumns> FROM
// orders o".
inline constexpr const char* kOrderColumns =
    "o.id, o.warning_id, o.org, o.kind, o.level, o.title, o.body, o.measures, "
    "o.effective_at, o.ack_due_at, o.status, o.delivered_at, o.acked_at, "
    "o.acked_by, o.refers_to, o.received_at";

nlohmann::json OrderJson(SQLite::Statement& row);

// Inserts a pending order and its outbox message on each of its channels;
// returns the order's id.
std::string InsertOrder(Store::Lease& lease, const OrderDraft& draft,
                        TimePoint now);

// One outbox row to write.
struct Outgoing {
  std::string channel;
  std::string address;  // see channel.h
  std::string payload;
  bool retained = false;
};

// Queues one message on its channel; `order_id` ("" if none) is marked
// delivered when the channel delivers it.
void Enqueue(Store::Lease& lease, const Outgoing& message,
             const std::string& order_id, TimePoint now);

// Cancels the warning's open orders (pending, delivered, overdue) and queues
// a cancel message for each (MQTT); returns the orgs whose orders were
// canceled.
std::vector<std::string> CancelOpenOrders(Store::Lease& lease,
                                          const std::string& warning_id,
                                          TimePoint now);

// The level in force for each area in `areas`, as the retained area
// message: the highest level among active warnings covering it, or "none".
std::map<std::string, nlohmann::json> LevelsInForce(
    Store::Lease& lease, const std::vector<std::string>& areas);

// Re-publishes (retained, MQTT) LevelsInForce for each area in `areas`.
void PublishAreaLevels(Store::Lease& lease,
                       const std::vector<std::string>& areas, TimePoint now);

// The first org of `kind` in the plan's order, within `area` unless it is
// ""; "" if none.
std::string FirstOrg(Store::Lease& lease, const std::string& kind,
                     const std::string& area);

// A plan setting (JSON) by key, or null.
nlohmann::json PlanSetting(Store::Lease& lease, const std::string& key);

// "2026-12-01 08:00" in Beijing time, for Chinese message texts.
std::string LocalMinutes(TimePoint t);

std::string LevelName(const std::string& level);  // "黄色" …
int LevelRank(const std::string& level);          // none 0, yellow 1 …

}  // namespace hazegate::internal
