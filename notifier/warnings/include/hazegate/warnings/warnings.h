// The warning lifecycle (contract §3 "Warnings"): the office issues yellow
// and proposes orange/red, the command approves or rejects, the office
// lifts. Every transition is one transaction with its orders and outbox
// messages (fan-out) and an audit row; `outbox_written` is called after each
// commit that queued messages. Thread-safe; Store and Clock outlive it.
// Requests and results are typed (warning.h); their JSON is warning_json.h.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "hazegate/config/directory.h"
#include "hazegate/core/actor.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"
#include "hazegate/orders/order.h"
#include "hazegate/warnings/cap_feed.h"
#include "hazegate/warnings/warning.h"
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

  // Issues a warning: yellow is active at once, orange and red proposed to
  // the command. kInvalidInput naming the field (CheckWarningRequest's, an
  // unknown area, an unknown `supersedes`); kConflict if `supersedes` is not
  // an active warning.
  Result<Warning> Create(const WarningRequest& request, const Actor& actor);
  // What Create would send once the warning is active; stores nothing.
  Result<WarningPreview> Preview(const WarningRequest& request) const;
  // proposed -> active (the fan-out), or -> rejected; active -> lifted.
  // kConflict from another state; kInvalidInput on "reason".
  Result<Warning> Approve(const std::string& id, const Actor& actor);
  Result<Warning> Reject(const std::string& id, const std::string& reason,
                         const Actor& actor);
  Result<Warning> Lift(const std::string& id, const std::string& reason,
                       const Actor& actor);

  // With their order counts (not for a recipient, whose view has none);
  // kNotFound for a warning the audience may not see.
  Result<Warning> Get(const std::string& id,
                      const WarningAudience& audience = {}) const;
  // `exercise` set: only drills (true) or only real warnings (false).
  Result<std::vector<Warning>> List(
      const std::string& status, const PageRequest& page,
      const WarningAudience& audience = {},
      std::optional<bool> exercise = std::nullopt) const;
  // The warning's orders (order.h's OrderFilter); kNotFound for an unknown
  // warning.
  Result<std::vector<Order>> Orders(const std::string& id,
                                    const OrderFilter& filter) const;

  // CAP 1.2 XML: Alert, Update (supersedes) or Cancel (lifted).
  Result<std::string> Cap(const std::string& id,
                          const WarningAudience& audience = {}) const;
  // The public CAP feed and its messages as they stand now (cap_feed.h).
  Result<CapFeed> Feed() const;
  // Changes whenever a warning is created or changes state: a snapshot of
  // the feed built at the same fingerprint (and minute) is still right.
  Result<std::string> Fingerprint() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace hazegate
