// OASIS CAP 1.2 rendering of a warning, and the Atom feed of them.
#pragma once

#include <optional>
#include <string>

#include "hazegate/warnings/cap_feed.h"
#include "hazegate/warnings/warning_rows.h"

namespace hazegate::internal {

// The message the warning stands at by `now`: Alert for an active or
// superseded warning, Update when it supersedes another or renews its own
// expiry (referencing the messages before it), Cancel when lifted
// (referencing all of its own); a proposed or rejected warning renders with
// status Draft, a drill with status Exercise. Sender, senderName, web,
// contact, expiry and area circles from the plan's public_info.
CapMessage BuildCap(ReadTx& tx, const Warning& warning,
                    const std::optional<Warning>& superseded, TimePoint now);

// The public feed at `now` (cap_feed.h).
CapFeed BuildFeed(ReadTx& tx, TimePoint now);

}  // namespace hazegate::internal
