// The gateway/identity room's part of the schema (accounts and bearer tokens):
// its migration steps, numbered as core/schema.h says. Never edit a released
// step: add one.
#pragma once

#include "hazegate/core/schema.h"

namespace hazegate {

const RoomMigrations& IdentityMigrations();

}  // namespace hazegate
