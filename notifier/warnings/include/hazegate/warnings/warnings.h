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

// How an activation writes its orders. Past `chunk` orders the fan-out is
// a durable job: the activation's transaction holds the first chunk, each
// further chunk is committed (and announced by `outbox_written`) while the
// dispatcher publishes the one before; the call returns once all are
// written. 0: every order in the activation's transaction.
struct FanOutOptions {
  size_t chunk = 1000;
  // A fault hook for tests (0: off): after this many chunks the activating
  // thread writes nothing more, as if frozen, so that a test can kill the
  // process mid job.
  size_t hold_after_chunks = 0;
};

class WarningService {
 public:
  // `events` (may be null; outlives the service) hears of each fan-out's
  // chunks and each end, inside their transactions.
  WarningService(Store& store, const Clock& clock,
                 std::function<void()> outbox_written,
                 WarningEvents* events = nullptr, FanOutOptions fanout = {});

  // Finishes the fan-out jobs a stopped process left open: the plan's
  // orders not yet written (each recipient's order once), or none for a
  // warning no longer active. Call once at startup, before serving; the
  // number of jobs finished, or kInternal.
  Result<int> ResumeFanOuts();

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
