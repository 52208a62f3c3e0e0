// The config room's part of the schema (the plan: areas, orgs and its
// settings): its migration steps, numbered as core/schema.h says. Never edit a
// released step: add one.
#pragma once

#include "hazegate/core/schema.h"

namespace hazegate {

const RoomMigrations& ConfigMigrations();

}  // namespace hazegate
