// The forecast room's part of the schema (forecasts and their days): its
// migration steps, numbered as core/schema.h says. Never edit a released
// step: add one.
#pragma once

#include "hazegate/core/schema.h"

namespace hazegate {

const RoomMigrations& ForecastMigrations();

}  // namespace hazegate
