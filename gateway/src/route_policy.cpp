#include "hazegate/gateway/route_policy.h"

#include <algorithm>

#include "handlers.h"

namespace hazegate {

bool RoutePolicy::Allows(Role role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

const std::vector<internal::Endpoint>& internal::AllEndpoints() {
  static const std::vector<Endpoint> all = [] {
    std::vector<Endpoint> endpoints;
    for (const std::span<const Endpoint> resource :
         {OpsEndpoints(),        WebEndpoints(),
          AuthEndpoints(),       DirectoryEndpoints(),
          WarningEndpoints(),    EvaluationEndpoints(),
          BoardEndpoints(),      OrderEndpoints(),
          ReportEndpoints(),     DeviceEndpoints(),
          InspectionEndpoints(), CaseEndpoints(),
          AssignmentEndpoints(), SmsEndpoints(),
          ForecastEndpoints(),   FeedEndpoints(),
          PressEndpoints(),      LeadEndpoints(),
          SeasonEndpoints(),     BulletinEndpoints(),
          BrokerAuthEndpoints()}) {
      endpoints.insert(endpoints.end(), resource.begin(), resource.end());
    }
    return endpoints;
  }();
  return all;
}

const std::vector<RoutePolicy>& RoutePolicies() {
  static const std::vector<RoutePolicy> policies = [] {
    std::vector<RoutePolicy> routes;
    for (const internal::Endpoint& endpoint : internal::AllEndpoints()) {
      routes.push_back(endpoint.route);
    }
    return routes;
  }();
  return policies;
}

}  // namespace hazegate
