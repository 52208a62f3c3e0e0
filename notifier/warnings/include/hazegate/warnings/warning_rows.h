// Reading warnings back from the database, and the level in force per
// area (the retained MQTT message), for the warnings room and the readers
// of warnings (oversight).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/tx.h"
#include "hazegate/orders/order_tallies.h"
#include "hazegate/warnings/warning.h"

namespace hazegate::internal {

// The warning `id` without its order counts, or nullopt.
std::optional<Warning> LoadWarning(ReadTx& tx, const std::string& id);

// Fills `warning->orders`.
void CountOrders(ReadTx& tx, Warning* warning);

// The level in force for each area in `areas`, as the retained area
// message: the highest level among active warnings covering it, or "none".
std::map<std::string, AreaLevel> LevelsInForce(
    ReadTx& tx, const std::vector<std::string>& areas);

// Changes whenever a warning is created or changes state, or the plan's
// public settings do: what the public snapshots are built from.
std::string PublicWarningsFingerprint(ReadTx& tx);

// Re-publishes (retained, MQTT) LevelsInForce for each area in `areas`.
void PublishAreaLevels(WriteTx& tx, const std::vector<std::string>& areas,
                       TimePoint now);

// How the orders (not canceled) of the active warnings reached their orgs.
OrderReach ReachInForce(ReadTx& tx);

// The orders (not canceled) of the active warnings, and of those how many
// were received: the arrival rate's terms.
std::pair<int64_t, int64_t> ArrivalInForce(ReadTx& tx);

}  // namespace hazegate::internal
