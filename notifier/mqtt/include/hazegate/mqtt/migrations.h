// The notifier/mqtt room's part of the schema (broker credentials, devices and
// the broker accounts' version): its migration steps, numbered as core/schema.h
// says. Never edit a released step: add one.
#pragma once

#include "hazegate/core/schema.h"

namespace hazegate {

const RoomMigrations& MqttMigrations();

}  // namespace hazegate
