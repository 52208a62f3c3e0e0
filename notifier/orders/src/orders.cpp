#include "hazegate/orders/orders.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "hazegate/core/ids.h"
#include "hazegate/core/json.h"
#include "hazegate/core/store.h"
#include "hazegate/core/utf8.h"
#include "hazegate/orders/order_json.h"
#include "hazegate/orders/order_store.h"
#include "order_rows.h"

namespace hazegate {

using internal::LoadOrder;
using nlohmann::json;

namespace {

// One acknowledgement inside the caller's transaction.
Result<Order> AckInTransaction(WriteTx& tx, const AckRequest& request,
                               TimePoint now) {
  Store::Lease& lease = Store::LeaseOf(tx);
  auto order = LoadOrder(tx, request.order_id);
  if (!order || order->org != request.actor.org) {
    return Error::NotFound("order " + request.order_id);
  }
  const std::string status = order->status;
  if (status == "canceled") return Error::Conflict("the order was canceled");
  if (status == "acknowledged") return *order;
  SQLite::Statement& update = lease.Prepare(
      "UPDATE orders SET status = 'acknowledged', acked_at = ?1, acked_by = "
      "?2, ack_channel = ?3, ack_note = ?4, redeliver_at = NULL, "
      "received_at = ifnull(received_at, ?1), "
      "receipt_channel = ifnull(receipt_channel, ?3), acked_at_client = "
      "max(created_at, min(?6, ?1)) WHERE id = ?5");
  update.bind(1, ToUnixSeconds(now));
  update.bind(2, request.actor.username);
  update.bind(3, request.channel);
  update.bind(4, request.note);
  update.bind(5, request.order_id);
  if (request.acked_at_client) {
    update.bind(6, ToUnixSeconds(*request.acked_at_client));
  } else {
    update.bind(6);
  }
  update.exec();
  RecordAudit(tx,
              {request.actor.username, "order.ack", "order", request.order_id,
               json{{"channel", request.channel}, {"was", status}}.dump()},
              now);
  return *LoadOrder(tx, request.order_id);
}

// Whether `org` is of `area` ("" = any area).
bool InArea(ReadTx& tx, const std::string& org, const std::string& area) {
  if (area.empty()) return true;
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT 1 FROM orgs_view WHERE id = ? AND area = ?");
  query.bind(1, org);
  query.bind(2, area);
  return query.executeStep();
}

}  // namespace

OrderService::OrderService(Store& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Result<std::vector<Order>> OrderService::ListForOrg(const std::string& org,
                                                    const std::string& status,
                                                    const PageRequest& page) {
  auto list = SelectForOrg(org, status, page);
  if (!list.ok()) return list;
  const auto unreceived_yet = [](const Order& order) {
    return !order.received_at && order.status != "canceled";
  };
  std::vector<Receipt> unreceived;
  for (const Order& order : list.value()) {
    if (unreceived_yet(order)) unreceived.push_back({org, order.id});
  }
  if (unreceived.empty()) return list;
  for (const Status& receipt : ReceiveAll(unreceived, "https")) {
    if (!receipt.ok()) return receipt.error();
  }
  // Those just received, as recorded (the page keeps its orders even when
  // `status` no longer matches them).
  ReadTx tx(store_);
  try {
    for (Order& order : list.value()) {
      if (unreceived_yet(order)) order = *LoadOrder(tx, order.id);
    }
    return list;
  } catch (const std::exception& e) {
    return Error::Internal("reading orders of " + org + ": " + e.what());
  }
}

std::vector<Status> OrderService::ReceiveAll(
    const std::vector<Receipt>& receipts, const std::string& channel) {
  std::vector<Status> results;
  try {
    WriteTx tx(store_);
    Store::Lease& lease = Store::LeaseOf(tx);
    SQLite::Statement& receive = lease.Prepare(
        "UPDATE orders SET received_at = ?1, receipt_channel = ?2, "
        "redeliver_at = NULL, status = iif(status IN ('pending', "
        "'delivered'), 'received', status) WHERE id = ?3 AND org = ?4 AND "
        "received_at IS NULL");
    SQLite::Statement& known =
        lease.Prepare("SELECT 1 FROM orders WHERE id = ? AND org = ?");
    const int64_t now = ToUnixSeconds(clock_.Now());
    for (const auto& [org, id] : receipts) {
      receive.reset();
      receive.bind(1, now);
      receive.bind(2, channel);
      receive.bind(3, id);
      receive.bind(4, org);
      if (receive.exec() > 0) {
        results.push_back(Ok{});
        continue;
      }
      known.reset();
      known.bind(1, id);
      known.bind(2, org);
      results.push_back(known.executeStep() ? Status(Ok{})
                                            : Error::NotFound("order " + id));
    }
    tx.Commit();
  } catch (const std::exception& e) {
    results.assign(
        receipts.size(),
        Error::Internal(std::string("recording receipts: ") + e.what()));
  }
  return results;
}

Result<std::vector<Order>> OrderService::SelectForOrg(
    const std::string& org, const std::string& status,
    const PageRequest& page) const {
  auto lease = store_.Acquire();
  try {
    int64_t before = INT64_MAX;
    if (!page.before.empty()) {
      SQLite::Statement& seq =
          lease.Prepare("SELECT seq FROM orders WHERE id = ? AND org = ?");
      seq.bind(1, page.before);
      seq.bind(2, org);
      if (!seq.executeStep()) {
        return Error::InvalidField("before", "unknown id " + page.before);
      }
      before = seq.getColumn(0).getInt64();
    }
    SQLite::Statement& query = lease.Prepare(
        std::string("SELECT ") + internal::kOrderColumns +
        " FROM orders o WHERE o.org = ?1 AND o.seq < ?2 AND (?3 = '' OR "
        "o.status = ?3) ORDER BY o.seq DESC LIMIT ?4");
    query.bind(1, org);
    query.bind(2, before);
    query.bind(3, status);
    query.bind(4, page.limit);
    std::vector<Order> list;
    while (query.executeStep()) list.push_back(internal::ReadOrder(query));
    return list;
  } catch (const std::exception& e) {
    return Error::Internal("listing orders of " + org + ": " + e.what());
  }
}

Result<Order> OrderService::SendAgain(const std::string& id, const Actor& actor,
                                      const std::string& visible_area) {
  try {
    WriteTx tx(store_);
    auto order = internal::LoadOrder(tx, id);
    if (!order || !InArea(tx, order->org, visible_area)) {
      return Error::NotFound("order " + id);
    }
    if (order->status == "acknowledged" || order->status == "canceled") {
      return Error::Conflict("the order was " + order->status);
    }
    json message = OrderToJson(*order);
    message["type"] = "order";
    const TimePoint now = clock_.Now();
    internal::Enqueue(
        tx, {kMqttChannel, OrgOrdersAddress(order->org), message.dump()}, id,
        now);
    RecordAudit(tx, {actor.username, "order.send_again", "order", id, "{}"},
                now);
    tx.Commit();
    return *order;
  } catch (const std::exception& e) {
    return Error::Internal("sending order " + id + " again: " + e.what());
  }
}

Result<Order> OrderService::Ack(const AckRequest& request) {
  return std::move(AckAll({request}).front());
}

std::vector<Result<Order>> OrderService::AckAll(
    const std::vector<AckRequest>& requests, bool confirm) {
  std::vector<Result<Order>> results;
  try {
    WriteTx tx(store_);
    const TimePoint now = clock_.Now();
    for (const AckRequest& request : requests) {
      results.push_back(AckInTransaction(tx, request, now));
      if (confirm && results.back().ok()) {
        const Order& order = results.back().value();
        internal::Enqueue(tx,
                          {kMqttChannel, OrgOrdersAddress(request.actor.org),
                           json{{"type", "ack_recorded"},
                                {"order_id", request.order_id},
                                {"acked_at", TimeOrNull(order.acked_at)}}
                               .dump()},
                          "", now);
      }
    }
    tx.Commit();
  } catch (const std::exception& e) {
    results.assign(requests.size(),
                   Error::Internal(std::string("recording acks: ") + e.what()));
  }
  return results;
}

Status OrderService::ClearRetained(const std::vector<std::string>& addresses) {
  if (addresses.empty()) return Ok{};
  try {
    WriteTx tx(store_);
    for (const std::string& address : addresses) {
      internal::Enqueue(tx, {kMqttChannel, address, "", true}, "",
                        clock_.Now());
    }
    tx.Commit();
    return Ok{};
  } catch (const std::exception& e) {
    return Error::Internal(std::string("clearing retained: ") + e.what());
  }
}

}  // namespace hazegate
