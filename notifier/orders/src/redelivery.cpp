#include "hazegate/orders/redelivery.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "hazegate/core/store.h"
#include "hazegate/orders/order_json.h"
#include "hazegate/orders/order_store.h"
#include "order_rows.h"

namespace hazegate::internal {

namespace {

constexpr int kBatch = 2000;

// The wait after the n-th redelivery: first_wait × 2^n, at most 15 min.
int64_t WaitAfter(int64_t redeliveries, std::chrono::seconds first_wait) {
  int64_t wait = first_wait.count();
  for (int64_t i = 0; i < redeliveries && wait < kLongestRedeliveryWait.count();
       ++i) {
    wait *= 2;
  }
  return std::min<int64_t>(wait, kLongestRedeliveryWait.count());
}

}  // namespace

Result<int> Redeliverer::Tick(TimePoint now) {
  try {
    // While the outbox drains (a fan-out, a redelivery) wait: a copy still
    // queued needs no other, and the dispatcher has work enough.
    if (ReadTx check(store_);
        Store::LeaseOf(check)
            .db()
            .execAndGet("SELECT EXISTS (SELECT 1 FROM outbox)")
            .getInt()) {
      return 0;
    }
    WriteTx tx(store_);
    Store::Lease& lease = Store::LeaseOf(tx);
    SQLite::Statement& due = lease.Prepare(
        std::string("SELECT ") + kOrderColumns +
        ", o.redeliveries FROM orders o WHERE o.received_at IS NULL AND "
        "o.redeliver_at <= ?1 AND o.status IN ('delivered', 'overdue') "
        "ORDER BY o.redeliver_at LIMIT ?2");
    due.bind(1, ToUnixSeconds(now));
    due.bind(2, kBatch);
    std::vector<std::pair<Order, int64_t>> orders;
    while (due.executeStep()) {
      orders.emplace_back(ReadOrder(due),
                          due.getColumn(kOrderColumnCount).getInt64());
    }
    SQLite::Statement& reschedule = lease.Prepare(
        "UPDATE orders SET redeliveries = redeliveries + 1, redeliver_at = ? "
        "WHERE id = ?");
    for (auto& [order, redeliveries] : orders) {
      const std::string id = order.id;
      // As first published: the recipient's view of a fresh order.
      order.status = "delivered";
      order.delivered_at = order.received_at = order.acked_at = std::nullopt;
      order.acked_by.clear();
      nlohmann::json message = OrderToJson(order);
      message["type"] = "order";
      Enqueue(tx, {kMqttChannel, OrgOrdersAddress(order.org), message.dump()},
              id, now);
      reschedule.reset();
      reschedule.bind(
          1, ToUnixSeconds(now) + WaitAfter(redeliveries + 1, first_wait_));
      reschedule.bind(2, id);
      reschedule.exec();
    }
    tx.Commit();
    redelivered_total_ += orders.size();
    return static_cast<int>(orders.size());
  } catch (const std::exception& e) {
    return Error::Internal(std::string("redelivering orders: ") + e.what());
  }
}

}  // namespace hazegate::internal
