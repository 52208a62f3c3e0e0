#include "hazegate/gateway/route_policy.h"

#include <algorithm>

namespace hazegate {

namespace {

const std::vector<Role> kEveryone(std::begin(kAllRoles), std::end(kAllRoles));
// Government staff: everyone but the regulated enterprises and schools.
const std::vector<Role> kStaff = {Role::kAdmin,  Role::kCommand,
                                  Role::kOffice, Role::kUnit,
                                  Role::kCounty, Role::kInspector};
// Every account that belongs to an org (all but admin).
const std::vector<Role> kOrgMembers = {
    Role::kCommand,   Role::kOffice,     Role::kUnit,  Role::kCounty,
    Role::kInspector, Role::kEnterprise, Role::kSchool};
// Those who may see site-bound evidence: staff, and an enterprise (its own).
const std::vector<Role> kStaffAndEnterprise = {
    Role::kAdmin,  Role::kCommand,   Role::kOffice,    Role::kUnit,
    Role::kCounty, Role::kInspector, Role::kEnterprise};

}  // namespace

bool RoutePolicy::Allows(Role role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

const std::vector<RoutePolicy>& RoutePolicies() {
  static const std::vector<RoutePolicy> policies = {
      {"GET", "/healthz", "GET /healthz", false, {}},
      {"GET", "/livez", "GET /livez", false, {}},
      {"GET", "/metrics", "GET /metrics", false, {}},
      // Asked by the front door before it reads a body (gateway.cpp).
      {"GET", "/internal/authorize", "GET /internal/authorize", false, {}},
      {"POST", "/api/v1/auth/login", "POST /api/v1/auth/login", false, {}},
      // The web clients' files; they call the API with their user's token.
      {"GET", "/console", "GET /console", false, {}},
      {"GET", "/console/(.*)", "GET /console/{path}", false, {}},
      {"GET", "/m", "GET /m", false, {}},
      {"GET", "/m/(.*)", "GET /m/{path}", false, {}},
      {"GET", "/shared/(.*)", "GET /shared/{path}", false, {}},
      {"POST", "/api/v1/auth/logout", "POST /api/v1/auth/logout", true,
       kEveryone},
      {"POST", "/api/v1/auth/password", "POST /api/v1/auth/password", true,
       kEveryone},
      {"GET", "/api/v1/me", "GET /api/v1/me", true, kEveryone},
      {"GET", "/api/v1/areas", "GET /api/v1/areas", true, kEveryone},
      {"GET", "/api/v1/orgs", "GET /api/v1/orgs", true, kStaff},
      {"GET", "/api/v1/orgs/([^/]+)", "GET /api/v1/orgs/{id}", true, kEveryone},
      {"POST",
       "/api/v1/enterprises/import",
       "POST /api/v1/enterprises/import",
       true,
       {Role::kAdmin, Role::kOffice}},
      {"POST",
       "/api/v1/warnings",
       "POST /api/v1/warnings",
       true,
       {Role::kOffice}},
      {"GET", "/api/v1/warnings", "GET /api/v1/warnings", true, kEveryone},
      {"GET", "/api/v1/warnings/([^/]+)", "GET /api/v1/warnings/{id}", true,
       kEveryone},
      {"POST",
       "/api/v1/warnings/([^/]+)/approve",
       "POST /api/v1/warnings/{id}/approve",
       true,
       {Role::kCommand}},
      {"POST",
       "/api/v1/warnings/([^/]+)/reject",
       "POST /api/v1/warnings/{id}/reject",
       true,
       {Role::kCommand}},
      {"POST",
       "/api/v1/warnings/([^/]+)/lift",
       "POST /api/v1/warnings/{id}/lift",
       true,
       {Role::kOffice}},
      {"GET", "/api/v1/warnings/([^/]+)/cap", "GET /api/v1/warnings/{id}/cap",
       true, kEveryone},
      {"GET", "/api/v1/warnings/([^/]+)/orders",
       "GET /api/v1/warnings/{id}/orders", true, kStaff},
      {"GET", "/api/v1/warnings/([^/]+)/orders\\.csv",
       "GET /api/v1/warnings/{id}/orders.csv", true, kStaff, true},
      {"GET", "/api/v1/warnings/([^/]+)/map", "GET /api/v1/warnings/{id}/map",
       true, kStaff, true},
      {"POST",
       "/api/v1/warnings/preview",
       "POST /api/v1/warnings/preview",
       true,
       {Role::kOffice, Role::kCommand}},
      {"GET", "/api/v1/board", "GET /api/v1/board", true, kStaff},
      {"GET", "/api/v1/orders", "GET /api/v1/orders", true, kOrgMembers},
      {"POST", "/api/v1/orders/([^/]+)/ack", "POST /api/v1/orders/{id}/ack",
       true, kOrgMembers},
      // A report is at most 4,000 characters and 50 figures (~30 KiB as
      // JSON with escapes): 64 KiB.
      {"POST", "/api/v1/orders/([^/]+)/reports",
       "POST /api/v1/orders/{id}/reports", true, kOrgMembers, false, 64 << 10},
      {"GET", "/api/v1/orders/([^/]+)/reports",
       "GET /api/v1/orders/{id}/reports", true, kOrgMembers},
      {"GET", "/api/v1/warnings/([^/]+)/reports",
       "GET /api/v1/warnings/{id}/reports", true, kOrgMembers},
      {"GET", "/api/v1/warnings/([^/]+)/reports\\.csv",
       "GET /api/v1/warnings/{id}/reports.csv", true, kOrgMembers, true},
      {"GET", "/api/v1/warnings/([^/]+)/reporting",
       "GET /api/v1/warnings/{id}/reporting", true, kOrgMembers},
      {"GET", "/api/v1/warnings/([^/]+)/summary",
       "GET /api/v1/warnings/{id}/summary", true, kStaff, true},
      {"GET", "/api/v1/warnings/([^/]+)/summary\\.html",
       "GET /api/v1/warnings/{id}/summary.html", true, kStaff, true},
      {"GET", "/api/v1/warnings/([^/]+)/reduction",
       "GET /api/v1/warnings/{id}/reduction", true, kStaff, true},
      {"POST", "/api/v1/devices", "POST /api/v1/devices", true, kOrgMembers},
      {"GET", "/api/v1/devices", "GET /api/v1/devices", true, kOrgMembers},
      {"DELETE", "/api/v1/devices/([^/]+)", "DELETE /api/v1/devices/{id}", true,
       kOrgMembers},
      {"POST",
       "/api/v1/inspections",
       "POST /api/v1/inspections",
       true,
       {Role::kInspector}},
      {"GET", "/api/v1/inspections", "GET /api/v1/inspections", true,
       kStaffAndEnterprise},
      {"GET", "/api/v1/inspections\\.geojson",
       "GET /api/v1/inspections.geojson", true, kStaffAndEnterprise, true},
      {"GET", "/api/v1/inspections\\.csv", "GET /api/v1/inspections.csv", true,
       kStaff, true},
      {"GET", "/api/v1/inspections/([^/]+)", "GET /api/v1/inspections/{id}",
       true, kStaffAndEnterprise},
      {"GET", "/api/v1/photos/([^/]+)", "GET /api/v1/photos/{sha256}", true,
       kStaffAndEnterprise},
      {"GET", "/api/v1/cases", "GET /api/v1/cases", true, kStaffAndEnterprise},
      {"GET", "/api/v1/cases/([^/]+)", "GET /api/v1/cases/{id}", true,
       kStaffAndEnterprise},
      {"POST",
       "/api/v1/cases/([^/]+)/actions",
       "POST /api/v1/cases/{id}/actions",
       true,
       {Role::kOffice, Role::kCounty}},
      {"POST",
       "/api/v1/assignments",
       "POST /api/v1/assignments",
       true,
       {Role::kOffice, Role::kInspector}},
      {"GET", "/api/v1/assignments", "GET /api/v1/assignments", true, kStaff},
      {"GET", "/api/v1/assignments/suggestions",
       "GET /api/v1/assignments/suggestions", true, kStaff},
  };
  return policies;
}

}  // namespace hazegate
