// The route table: every HTTP route with the roles allowed to call it, as
// each endpoint declares them beside its handler (gateway/src/*_handlers.cpp).
// The gateway enforces exactly this table, and the authorization tests
// iterate over it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "hazegate/identity/roles.h"

namespace hazegate {

struct RoutePolicy {
  std::string method;   // "GET", "POST"
  std::string pattern;  // ECMAScript regex matched against the path
  std::string name;     // "GET /api/v1/orgs/{id}": handler key, metric label
  bool authenticated = true;  // false: anyone may call it
  std::vector<Role> roles;    // who may call it when authenticated
  // A heavy read (a map, an export, an evaluation): an account runs at most
  // a few at once (429 past them), so one token cannot hold every worker.
  bool heavy = false;
  // The largest body it takes, if below the gateway's general limit (the
  // front door has the same per route).
  size_t max_body_bytes = 0;

  bool Allows(Role role) const;
};

const std::vector<RoutePolicy>& RoutePolicies();

}  // namespace hazegate
