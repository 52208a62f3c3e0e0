// The core room's part of the schema (the audit trail): its migration
// steps, numbered as core/schema.h says. Never edit a released step: add one.
#pragma once

#include "hazegate/core/schema.h"

namespace hazegate {

const RoomMigrations& CoreMigrations();

}  // namespace hazegate
