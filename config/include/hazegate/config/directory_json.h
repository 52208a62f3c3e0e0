// The directory in JSON, the HTTP API's form (contract §3 "Directory"): for
// the edge only.
#pragma once

#include <nlohmann/json.hpp>

#include "hazegate/config/directory.h"

namespace hazegate {

// {code, name, kind, parent}.
nlohmann::json AreaToJson(const Area& area);

// {id, name, kind, area}: a list's entry.
nlohmann::json OrgListingToJson(const Org& org);

// {id, name, kind, area, uscc?, ...the kind-specific fields}.
nlohmann::json OrgToJson(const Org& org);

// [{name, phone, duty?}]: an org's `contacts`, for the readers who may see
// them.
nlohmann::json ContactsToJson(const std::vector<Contact>& contacts);

}  // namespace hazegate
