// The public CAP feed (contract v3 "Public information", issue 22): each
// warning's CAP message as it stands (an open-ended warning's expiry is
// renewed by an Update every half of the plan's public_info expires_h), and
// the Atom feed (RFC 4287) of the messages of warnings in force and of the
// last 30 days, newest first — never a drill, a proposal or a rejected one.
// Values; WarningService::Feed builds them in one read.
#pragma once

#include <string>
#include <vector>

#include "hazegate/core/clock.h"

namespace hazegate {

struct CapMessage {
  std::string identifier;  // the plan's identifier_prefix + the warning's id…
  TimePoint sent;
  std::string headline;
  std::string xml;  // CAP 1.2
};

struct CapFeed {
  std::string atom;  // links each entry as cap/{identifier}.xml (relative)
  std::vector<CapMessage> messages;  // newest first
};

}  // namespace hazegate
