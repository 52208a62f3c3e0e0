// A device's JSON form, as POST/GET /devices return it and `hazegate device
// import` prints it (contract §3 "Devices"): for the edges only.
#pragma once

#include <nlohmann/json.hpp>

#include "hazegate/mqtt/devices.h"

namespace hazegate {

// {id, org, name, created_at, mqtt:{uri, username, client_id}}, and
// mqtt.password when it has one (just created).
nlohmann::json DeviceToJson(const Device& device);

// {uri, username, client_id} and password when it has one.
nlohmann::json MqttLoginToJson(const MqttLogin& login);

}  // namespace hazegate
