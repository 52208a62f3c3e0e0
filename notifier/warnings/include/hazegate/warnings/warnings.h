// The warning lifecycle (contract §3 "Warnings"): the office issues yellow
// and proposes orange/red, the command approves or rejects, the office
// lifts. Every transition is one transaction with its orders and outbox
// messages (fan-out) and an audit row; `outbox_written` is called after each
// commit that queued messages. Thread-safe; Store and Clock outlive it.
// Requests are the API's JSON bodies; results are the API's JSON.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hazegate/config/directory.h"
#include "hazegate/core/actor.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/order.h"
#include "hazegate/warnings/warning_events.h"

namespace hazegate {

// Who reads a warning. Staff see every warning whole. A recipient (an
// enterprise or a school, contract v3) sees only warnings active,
// superseded or lifted that cover its area, without proposed_by,
// approved_by, order_counts or arrival; any other is kNotFound to it.
struct WarningAudience {
  bool recipient = false;
  std::string area;  // the recipient's area
};

class WarningService {
 public:
  // `events` (may be null; outlives the service) hears of each fan-out and
  // each end, inside its transaction.
  WarningService(Store& store, const Clock& clock,
                 std::function<void()> outbox_written,
                 WarningEvents* events = nullptr);

  // POST /warnings. kInvalidInput names the field; kConflict if `supersedes`
  // is not an active warning.
  Result<nlohmann::json> Create(const nlohmann::json& request,
                                const Actor& actor);
  // POST /warnings/preview: the same body as Create; stores nothing.
  // {level, areas, area_names, needs_approval, recipients:{KIND: orgs},
  // orgs, orders, released}: who would get orders once it is active, and
  // how many recipients of a superseded warning it would release.
  Result<nlohmann::json> Preview(const nlohmann::json& request) const;
  Result<nlohmann::json> Approve(const std::string& id, const Actor& actor);
  Result<nlohmann::json> Reject(const std::string& id,
                                const nlohmann::json& request,
                                const Actor& actor);
  Result<nlohmann::json> Lift(const std::string& id,
                              const nlohmann::json& request,
                              const Actor& actor);

  Result<nlohmann::json> Get(const std::string& id,
                             const WarningAudience& audience = {}) const;
  Result<nlohmann::json> List(const std::string& status,
                              const PageRequest& page,
                              const WarningAudience& audience = {}) const;
  // The warning's orders (order.h's OrderFilter); kNotFound for an unknown
  // warning.
  Result<std::vector<Order>> Orders(const std::string& id,
                                    const OrderFilter& filter) const;

  // CAP 1.2 XML: Alert, Update (supersedes) or Cancel (lifted).
  Result<std::string> Cap(const std::string& id,
                          const WarningAudience& audience = {}) const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace hazegate
