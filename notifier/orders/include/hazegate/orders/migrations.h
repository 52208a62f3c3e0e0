// The notifier/orders room's part of the schema (orders and the channel-neutral
// outbox): its migration steps, numbered as core/schema.h says. Never edit a
// released step: add one.
#pragma once

#include "hazegate/core/schema.h"

namespace hazegate {

const RoomMigrations& OrdersMigrations();

}  // namespace hazegate
