// OASIS CAP 1.2 rendering of a warning.
#pragma once

#include <optional>
#include <string>

#include "hazegate/warnings/warning_rows.h"

namespace hazegate::internal {

// Alert for an active or superseded warning, Update when it supersedes
// another (referencing it), Cancel when lifted (referencing itself); a
// proposed or rejected warning renders with status Draft.
std::string BuildCap(ReadTx& tx, const Warning& warning,
                     const std::optional<Warning>& superseded);

}  // namespace hazegate::internal
