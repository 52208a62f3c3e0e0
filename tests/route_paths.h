// A route of the table as a request path, for tests that walk the table.
#pragma once

#include <string>

#include "hazegate/gateway/route_policy.h"

namespace hazegate::testing {

// The route's path with "none" for its placeholders ({id}, {sha256}).
inline std::string ConcretePath(const RoutePolicy& policy) {
  std::string path = policy.name.substr(policy.name.find(' ') + 1);
  for (const std::string placeholder : {"{id}", "{sha256}", "{path}"}) {
    const size_t at = path.find(placeholder);
    if (at != std::string::npos) path.replace(at, placeholder.size(), "none");
  }
  return path;
}

}  // namespace hazegate::testing
