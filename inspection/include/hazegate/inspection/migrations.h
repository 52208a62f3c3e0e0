// The inspection room's part of the schema (photos, inspections, cases and
// assignments): its migration steps, numbered as core/schema.h says. Never edit
// a released step: add one.
#pragma once

#include "hazegate/core/schema.h"

namespace hazegate {

const RoomMigrations& InspectionMigrations();

}  // namespace hazegate
