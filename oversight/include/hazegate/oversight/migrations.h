// The oversight room's part of the schema (implementation reports and the
// reports owed): its migration steps, numbered as core/schema.h says. Never
// edit a released step: add one.
#pragma once

#include "hazegate/core/schema.h"

namespace hazegate {

const RoomMigrations& OversightMigrations();

}  // namespace hazegate
