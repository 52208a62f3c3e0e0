// Who performs an action, as domain code needs it (the audit trail's actor
// and the org an order must belong to).
#pragma once

#include <string>

namespace hazegate {

struct Actor {
  std::string username;
  std::string org;  // empty for admin and system actions
};

}  // namespace hazegate
