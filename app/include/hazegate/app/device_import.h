// hazegate device import: onboarding at scale. Each CSV line
// `org,username,device_name` (UTF-8, BOM allowed, no header) becomes an
// account (role from the org's kind, a random password) and one broker
// device of that org (named device_name). All in one
// transaction: with any bad line nothing is stored, and the kInvalidInput
// error lists every bad line as {field: "line N: column", message}.
// Thread-safe as its services are.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"
#include "hazegate/identity/accounts.h"
#include "hazegate/mqtt/devices.h"

namespace hazegate {

// An account and its device, as imported: the passwords are shown once.
struct ImportedDevice {
  std::string username;
  std::string password;  // the account's
  Device device;         // with its broker password
};

// One per line, in order.
Result<std::vector<ImportedDevice>> ImportDevices(Store& store,
                                                  const Clock& clock,
                                                  const Accounts& accounts,
                                                  const DeviceService& devices,
                                                  std::string_view csv,
                                                  const std::string& actor);

// The role of an org's accounts by the org's kind: command, office, unit,
// county, enterprise, school as themselves; a group's members "unit"; a
// construction site's manager "enterprise". nullopt for an unknown kind.
std::optional<std::string> RoleForOrgKind(const std::string& kind);

}  // namespace hazegate
