// Orders and the outbox, as rows: shared by the warning lifecycle, the
// deadline scheduler and acknowledgements. Call inside a WriteTx;
// every order written here is published by the dispatcher after commit.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/config/plan_settings.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/tx.h"
#include "hazegate/orders/channel.h"
#include "hazegate/orders/order.h"
#include "hazegate/orders/order_queue.h"

namespace hazegate::internal {

using hazegate::OrderDraft;

// The order `id`, or nullopt.
std::optional<Order> LoadOrder(ReadTx& tx, const std::string& id);

// A page of the warning's orders, newest first, as `filter` selects them;
// kInvalidInput naming `before` for an id not among them.
Result<std::vector<Order>> ListWarningOrders(ReadTx& tx,
                                             const std::string& warning_id,
                                             const OrderFilter& filter);

// Inserts a pending order and its outbox message on each of its channels;
// returns the order's id.
std::string InsertOrder(WriteTx& tx, const OrderDraft& draft, TimePoint now);

// One outbox row to write.
struct Outgoing {
  std::string channel;
  std::string address;  // see channel.h
  std::string payload;
  bool retained = false;
};

// Queues one message on its channel; `order_id` ("" if none) is marked
// delivered when the channel delivers it. Returns the row's seq (the tag
// its channel reports it by).
uint64_t Enqueue(WriteTx& tx, const Outgoing& message,
                 const std::string& order_id, TimePoint now);

// Records how the order went out by SMS (the SMS room's summary of its
// messages; contract v3 §5).
void SetOrderSms(WriteTx& tx, const std::string& order_id, const OrderSms& sms);

// Acknowledges, on `username`'s behalf over HTTPS, the warning's open
// orders of `kind` (the command's approval requests, once it decided).
void AcknowledgeOpenOrders(WriteTx& tx, const std::string& warning_id,
                           const std::string& kind, const std::string& username,
                           TimePoint now);

// Cancels the warning's open orders (pending, delivered, overdue) and queues
// a cancel message for each (MQTT); returns the orgs whose orders were
// canceled.
std::vector<std::string> CancelOpenOrders(WriteTx& tx,
                                          const std::string& warning_id,
                                          TimePoint now);

// "2026-12-01 08:00" in Beijing time, for Chinese message texts.
std::string LocalMinutes(TimePoint t);

std::string LevelName(const std::string& level);  // "黄色" …
int LevelRank(const std::string& level);          // none 0, yellow 1 …

}  // namespace hazegate::internal
