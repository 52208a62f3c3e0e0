// The notifier/sms room's part of the schema (its messages): its migration
// steps, numbered as core/schema.h says. Never edit a released step: add one.
#pragma once

#include "hazegate/core/schema.h"

namespace hazegate {

const RoomMigrations& SmsMigrations();

}  // namespace hazegate
