// Route handlers, keyed by RoutePolicy::name. Each module of handlers adds
// its own; the gateway binds them to the route table.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "hazegate/config/directory.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/store.h"
#include "hazegate/gateway/accounts.h"
#include "http_reply.h"
#include "metrics.h"

namespace hazegate::internal {

struct HandlerDeps {
  Store& store;
  const Clock& clock;
  Accounts& accounts;
  Directory& directory;
  const Metrics& metrics;
  std::function<bool()> mqtt_connected;
};

using HandlerMap = std::map<std::string, Handler>;

void AddOpsHandlers(const HandlerDeps& deps, HandlerMap* handlers);
void AddAuthHandlers(const HandlerDeps& deps, HandlerMap* handlers);
void AddDirectoryHandlers(const HandlerDeps& deps, HandlerMap* handlers);

}  // namespace hazegate::internal
