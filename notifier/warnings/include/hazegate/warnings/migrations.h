// The notifier/warnings room's part of the schema (warnings): its migration
// steps, numbered as core/schema.h says. Never edit a released step: add one.
#pragma once

#include "hazegate/core/schema.h"

namespace hazegate {

const RoomMigrations& WarningsMigrations();

}  // namespace hazegate
