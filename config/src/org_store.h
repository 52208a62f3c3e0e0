// Writing orgs, shared by the plan loader and the CSV importer, in the
// caller's transaction.
#pragma once

#include <nlohmann/json.hpp>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"

namespace hazegate::internal {

// Inserts or updates the org by id. Kind-specific fields (everything but
// id, kind, name, area, uscc, contacts) are kept as its details; `contacts`,
// when given, replace the org's (table org_contacts). An enterprise whose
// credit code belongs to another org is kInvalidInput on field "uscc".
Status UpsertOrg(WriteTx& tx, const nlohmann::json& org, TimePoint now);

}  // namespace hazegate::internal
