#include "hazegate/mqtt/device_json.h"

#include "hazegate/core/json.h"

namespace hazegate {

nlohmann::json MqttLoginToJson(const MqttLogin& login) {
  nlohmann::json out = {{"uri", login.uri},
                        {"ws_uri", TextOrNull(login.ws_uri)},
                        {"username", login.username},
                        {"client_id", login.client_id}};
  if (!login.password.empty()) out["password"] = login.password;
  return out;
}

nlohmann::json DeviceToJson(const Device& device) {
  return {{"id", device.id},
          {"org", device.org},
          {"name", device.name},
          {"created_at", FormatRfc3339(device.created_at)},
          {"last_seen_at", TimeOrNull(device.last_seen_at)},
          {"mqtt", MqttLoginToJson(device.mqtt)}};
}

}  // namespace hazegate
