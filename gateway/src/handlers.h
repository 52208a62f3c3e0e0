// Route handlers, keyed by RoutePolicy::name. Each module of handlers adds
// its own; the gateway binds them to the route table.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "etag_cache.h"
#include "hazegate/config/directory.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/sliding_window_limit.h"
#include "hazegate/core/store.h"
#include "hazegate/identity/accounts.h"
#include "hazegate/inspection/assignments.h"
#include "hazegate/inspection/cases.h"
#include "hazegate/inspection/inspections.h"
#include "hazegate/inspection/thumbnails.h"
#include "hazegate/mqtt/devices.h"
#include "hazegate/orders/orders.h"
#include "hazegate/oversight/board.h"
#include "hazegate/oversight/evaluation.h"
#include "hazegate/oversight/reports.h"
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
  const StaticFiles& web;
  std::function<bool()> mqtt_connected;
  std::function<std::string()> extra_metrics;
  // Devices created per account in the last minute (POST /devices).
  SlidingWindowLimit& device_creations;
  // What the board and maps last answered (their ETags checked first).
  EtagCache& etags;
  std::function<void(const std::string&, const std::string&)> device_created;
};

// The caller as the domain layer sees it.
inline Actor ActorOf(const RequestContext& ctx) {
  return {ctx.caller().username, ctx.caller().org};
}

using HandlerMap = std::map<std::string, Handler>;
using StreamHandlerMap = std::map<std::string, StreamHandler>;

// The caller's scope on site-bound objects (inspections, photos, cases): an
// enterprise sees only its own; "" = everything.
inline std::string VisibleSite(const RequestContext& ctx) {
  return ctx.caller().role == Role::kEnterprise ? ctx.caller().org : "";
}

// A county's area: it sees and acts on the orgs of that area only; "" for
// every other role.
inline Result<std::string> CountyArea(const HandlerDeps& deps,
                                      const RequestContext& ctx) {
  if (ctx.caller().role != Role::kCounty) return std::string();
  auto org = deps.directory.GetOrg(ctx.caller().org);
  if (!org.ok()) return org.error();
  return org.value()["area"].get<std::string>();
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
  return WarningAudience{true, org.value()["area"].get<std::string>()};
}

void AddOpsHandlers(const HandlerDeps& deps, HandlerMap* handlers);
void AddAuthHandlers(const HandlerDeps& deps, HandlerMap* handlers);
void AddDirectoryHandlers(const HandlerDeps& deps, HandlerMap* handlers);
void AddWarningHandlers(const HandlerDeps& deps, HandlerMap* handlers);
void AddOrderHandlers(const HandlerDeps& deps, HandlerMap* handlers);
void AddReportHandlers(const HandlerDeps& deps, HandlerMap* handlers);
void AddDeviceHandlers(const HandlerDeps& deps, HandlerMap* handlers);
void AddInspectionHandlers(const HandlerDeps& deps, HandlerMap* handlers,
                           StreamHandlerMap* stream_handlers);
void AddCaseHandlers(const HandlerDeps& deps, HandlerMap* handlers);
void AddAssignmentHandlers(const HandlerDeps& deps, HandlerMap* handlers);
void AddWebHandlers(const HandlerDeps& deps, HandlerMap* handlers);
void AddBoardHandlers(const HandlerDeps& deps, HandlerMap* handlers);

}  // namespace hazegate::internal
