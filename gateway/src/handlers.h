// The endpoints: each handlers file declares its resource's endpoints, each
// with its route (method, path, who may call it, body limit) beside its
// handler; the route table (RoutePolicies()) is all of them in order, and
// the gateway binds each to the services it was built with.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "etag_cache.h"
#include "hazegate/config/directory.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/json.h"
#include "hazegate/core/sliding_window_limit.h"
#include "hazegate/core/store.h"
#include "hazegate/forecast/forecasts.h"
#include "hazegate/gateway/route_policy.h"
#include "hazegate/identity/accounts.h"
#include "hazegate/inspection/assignments.h"
#include "hazegate/inspection/cases.h"
#include "hazegate/inspection/inspections.h"
#include "hazegate/inspection/thumbnails.h"
#include "hazegate/mqtt/broker_authority.h"
#include "hazegate/mqtt/devices.h"
#include "hazegate/orders/order_json.h"
#include "hazegate/orders/orders.h"
#include "hazegate/oversight/accountability.h"
#include "hazegate/oversight/board.h"
#include "hazegate/oversight/bulletins.h"
#include "hazegate/oversight/evaluation.h"
#include "hazegate/oversight/press.h"
#include "hazegate/oversight/reports.h"
#include "hazegate/oversight/season.h"
#include "hazegate/sms/sms.h"
#include "hazegate/warnings/warnings.h"
#include "http_reply.h"
#include "metrics.h"
#include "static_files.h"

namespace hazegate::internal {

struct HandlerDeps {
  Store& store;
  const Clock& clock;
  Accounts& accounts;
  Directory& directory;
  const Metrics& metrics;
  WarningService& warnings;
  OrderService& orders;
  ReportService& reports;
  EvaluationService& evaluation;
  DeviceService& devices;
  BlobStore& blobs;
  const Thumbnails& thumbnails;
  BoardService& board;
  InspectionService& inspections;
  CaseService& cases;
  AssignmentService& assignments;
  ForecastService& forecasts;
  PressService& press;
  AccountabilityService& accountability;
  SeasonService& season;
  BulletinService& bulletins;
  const StaticFiles& web;
  std::function<bool()> mqtt_connected;
  std::function<std::string()> extra_metrics;
  // Devices created per account in the last minute (POST /devices).
  SlidingWindowLimit& device_creations;
  // What the board and maps last answered (their ETags checked first).
  EtagCache& etags;
  std::function<void(const std::string&, const std::string&)> device_created;
  std::string mqtt_topic_prefix;            // told to devices (POST /devices)
  SmsService* sms;                          // nullptr while SMS is off
  const BrokerAuthority* broker_authority;  // nullptr: /internal/mqtt off
  std::string sms_callback_key;
  std::function<void()> outbox_written;  // after a commit that queued
};

// A request from a program on this host that did not come through the front
// door (which sets X-Real-IP): a monitoring agent, Kannel.
inline bool FromThisHost(const httplib::Request& req) {
  const bool loopback =
      req.remote_addr == "127.0.0.1" || req.remote_addr == "::1";
  return loopback && !req.has_header("X-Real-IP");
}

// The caller as the domain layer sees it.
inline Actor ActorOf(const RequestContext& ctx) {
  return {ctx.caller().username, ctx.caller().org};
}

// The caller's scope on site-bound objects (inspections, photos, cases): an
// enterprise sees only its own; "" = everything.
inline std::string VisibleSite(const RequestContext& ctx) {
  return ctx.caller().role == Role::kEnterprise ? ctx.caller().org : "";
}

// A county's area: it sees and acts on the orgs of that area only (as does
// a county's wall screen); "" for every other role.
inline Result<std::string> CountyArea(const HandlerDeps& deps,
                                      const RequestContext& ctx) {
  const Role role = ctx.caller().role;
  if (role != Role::kCounty && role != Role::kDisplay) return std::string();
  auto org = deps.directory.GetOrg(ctx.caller().org);
  if (!org.ok()) return org.error();
  // A wall screen shows its org's scope: a county's screen its county.
  if (role == Role::kDisplay && org.value().kind != "county") {
    return std::string();
  }
  return org.value().area;
}

// Whose view of warnings: an enterprise or school sees those of its area
// once in force, without internal fields; others everything.
inline Result<WarningAudience> AudienceOf(const HandlerDeps& deps,
                                          const RequestContext& ctx) {
  const Role role = ctx.caller().role;
  if (role != Role::kEnterprise && role != Role::kSchool) {
    return WarningAudience{};
  }
  auto org = deps.directory.GetOrg(ctx.caller().org);
  if (!org.ok()) return org.error();
  return WarningAudience{true, org.value().area};
}

// Who may call a route, by the sets most routes use. Every account:
inline const std::vector<Role> kAnyAccount(std::begin(kAllRoles),
                                           std::end(kAllRoles));
// Every account but a wall screen's, which reads the board and no more.
inline const std::vector<Role> kEveryone = {
    Role::kAdmin,  Role::kCommand,   Role::kOffice,     Role::kUnit,
    Role::kCounty, Role::kInspector, Role::kEnterprise, Role::kSchool};
// The duty board's readers: staff and wall screens.
inline const std::vector<Role> kBoardReaders = {
    Role::kAdmin,  Role::kCommand,   Role::kOffice, Role::kUnit,
    Role::kCounty, Role::kInspector, Role::kDisplay};
// Government staff: everyone but the regulated enterprises and schools.
inline const std::vector<Role> kStaff = {Role::kAdmin,  Role::kCommand,
                                         Role::kOffice, Role::kUnit,
                                         Role::kCounty, Role::kInspector};
// Every account that belongs to an org (all but admin).
inline const std::vector<Role> kOrgMembers = {
    Role::kCommand,   Role::kOffice,     Role::kUnit,  Role::kCounty,
    Role::kInspector, Role::kEnterprise, Role::kSchool};
// Those who may see site-bound evidence: staff, and an enterprise (its own).
inline const std::vector<Role> kStaffAndEnterprise = {
    Role::kAdmin,  Role::kCommand,   Role::kOffice,    Role::kUnit,
    Role::kCounty, Role::kInspector, Role::kEnterprise};

// One endpoint. Its handler runs on the gateway's worker threads, several
// at once, and reads the services through `deps` (which outlives it); it
// returns the reply or the domain's error, which the gateway maps to
// problem+json.
struct Endpoint {
  using Handle = Result<HttpReply> (*)(const HandlerDeps& deps,
                                       const RequestContext&,
                                       const httplib::Request&);
  // Reads the body itself as it arrives (multipart uploads); `transport` as
  // for StreamHandler.
  using Stream = Result<HttpReply> (*)(const HandlerDeps& deps,
                                       const RequestContext&,
                                       const httplib::Request&,
                                       const httplib::ContentReader&,
                                       const httplib::Response& transport);
  RoutePolicy route;
  Handle handle = nullptr;  // neither: answered by the gateway itself
  Stream stream = nullptr;
};

// Each resource's endpoints (the files *_handlers.cpp).
std::span<const Endpoint> OpsEndpoints();
std::span<const Endpoint> WebEndpoints();
std::span<const Endpoint> AuthEndpoints();
std::span<const Endpoint> DirectoryEndpoints();
std::span<const Endpoint> WarningEndpoints();
std::span<const Endpoint> EvaluationEndpoints();
std::span<const Endpoint> BoardEndpoints();
std::span<const Endpoint> OrderEndpoints();
std::span<const Endpoint> ReportEndpoints();
std::span<const Endpoint> DeviceEndpoints();
std::span<const Endpoint> InspectionEndpoints();
std::span<const Endpoint> CaseEndpoints();
std::span<const Endpoint> AssignmentEndpoints();
std::span<const Endpoint> SmsEndpoints();
std::span<const Endpoint> ForecastEndpoints();
std::span<const Endpoint> FeedEndpoints();
std::span<const Endpoint> PressEndpoints();
std::span<const Endpoint> LeadEndpoints();
std::span<const Endpoint> SeasonEndpoints();
std::span<const Endpoint> BulletinEndpoints();
std::span<const Endpoint> BrokerAuthEndpoints();

// All of them, in the route table's order.
const std::vector<Endpoint>& AllEndpoints();

}  // namespace hazegate::internal
