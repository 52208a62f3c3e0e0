// Orders as their recipients see them: listing (their receipt), receipts,
// acknowledging (over HTTPS or MQTT, idempotent). Thread-safe; Store and Clock
// outlive it.
#pragma once

#include <string>
#include <vector>

#include "hazegate/config/directory.h"
#include "hazegate/core/actor.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"
#include "hazegate/orders/order.h"

namespace hazegate {

struct AckRequest {
  std::string order_id;
  Actor actor;          // actor.org must be the order's org
  std::string channel;  // "https" or "mqtt"
  std::string note;
  // The time the person tapped it (v3), if the app sent one.
  std::optional<TimePoint> acked_at_client = std::nullopt;
};

struct Receipt {
  std::string org;  // the org whose device or account reported it
  std::string order_id;
};

class OrderService {
 public:
  OrderService(Store& store, const Clock& clock);

  // The org's own orders, newest first; `status` "" = any. Returning them
  // to their org is their receipt (channel "https"): those not yet received
  // are recorded as such and returned so.
  Result<std::vector<Order>> ListForOrg(const std::string& org,
                                        const std::string& status,
                                        const PageRequest& page);

  // Receipts (a device's "this arrived"): each order gains received_at
  // (status pending/delivered -> received) unless it has it; one result per
  // receipt, in order: Ok, or kNotFound for an unknown order or one of
  // another org. All in one transaction.
  std::vector<Status> ReceiveAll(const std::vector<Receipt>& receipts,
                                 const std::string& channel);

  // Records the acknowledgement. Another org's or an unknown order is
  // kNotFound; a canceled one kConflict; repeating returns the order with
  // its first acked_at.
  Result<Order> Ack(const AckRequest& request);

  // Several acknowledgements in one transaction (the MQTT intake's batches);
  // one result per request, in order. With `confirm`, each ack recorded
  // (now or before) also queues, in the same transaction,
  // {"type":"ack_recorded","order_id","acked_at"} to orgs/{org}/orders on
  // MQTT: the app's sign that it may stop re-sending.
  std::vector<Result<Order>> AckAll(const std::vector<AckRequest>& requests,
                                    bool confirm = false);

  // An operator chasing a silent org (issue 25): queues the open order `id`
  // on MQTT again, the same id and content (a device that has it shows it
  // again). kNotFound if unknown or its org is outside `visible_area`
  // ("" = any); kConflict once acknowledged or canceled. Call the outbox's
  // hook after.
  Result<Order> SendAgain(const std::string& id, const Actor& actor,
                          const std::string& visible_area);

  // Queues an empty retained MQTT message to each address (the intake's
  // orgs/{org}/acks and /receipts): the broker then keeps no retained
  // message there.
  Status ClearRetained(const std::vector<std::string>& addresses);

 private:
  Result<std::vector<Order>> SelectForOrg(const std::string& org,
                                          const std::string& status,
                                          const PageRequest& page) const;

  Store& store_;
  const Clock& clock_;
};

}  // namespace hazegate
