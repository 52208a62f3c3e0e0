// Devices: every phone or system of an org gets a broker account of its own
// (a generated username "dev-…", which is also its client id, and a random
// password shown once) with its
// org's rights: read the org's orders and the area warnings, write the org's
// acks and receipts. The database is the truth; BrokerAccountsSync carries
// each change to the broker. Thread-safe; Store and Clock outlive it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/config/directory.h"
#include "hazegate/core/actor.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"

namespace hazegate {

struct DeviceRequest {
  std::string org;
  std::string name;  // shown in lists: "张科长的手机"
};

// How a device logs in to the broker.
struct MqttLogin {
  std::string uri;
  std::string ws_uri;    // MQTT over WebSocket (wss://…/mqtt); "" = none
  std::string username;  // also its client id
  std::string password;  // only when just created: it is not kept
  std::string client_id;
};

struct Device {
  std::string id;
  std::string org;
  std::string name;
  TimePoint created_at;
  MqttLogin mqtt;
  // Its last P/devices/{username}/seen (on connecting, then every few
  // minutes); nullopt if never.
  std::optional<TimePoint> last_seen_at = std::nullopt;
};

class DeviceService {
 public:
  // `device_uri`, `device_ws_uri`: the broker addresses devices are told
  // to use (MQTT over TLS, over WebSocket; "" = none); `reserved_username`:
  // the server's own broker account; `max_per_org`: the live devices an org
  // may hold.
  DeviceService(Store& store, const Clock& clock, std::string device_uri,
                std::string reserved_username, int max_per_org = 20,
                std::string device_ws_uri = "");

  // A device named `name` for the caller's org, with its password;
  // kInvalidInput on "name", kConflict naming the limit when the org holds
  // max_per_org devices.
  Result<Device> Create(const Actor& actor, const std::string& name);

  // The org's devices, newest first, without passwords.
  Result<std::vector<Device>> List(const std::string& org,
                                   const PageRequest& page) const;

  // The broker refuses the device from the next sync on (within a second);
  // kNotFound for an unknown, deleted or other org's device.
  Status Delete(const Actor& actor, const std::string& id);

  // Deletes every live device the account `username` created (hazegate
  // account disable); returns how many. As Delete, the broker refuses them
  // from the next sync on.
  Result<int> DeleteCreatedBy(const std::string& username,
                              const std::string& actor);

  // Inside the caller's WriteTx (bulk import): as Create for
  // `request.org` (kInvalidInput on "org", "name").
  Result<Device> Insert(WriteTx& tx, const DeviceRequest& request,
                        const std::string& actor, TimePoint now) const;

 private:
  Store& store_;
  const Clock& clock_;
  const std::string device_uri_;
  const std::string device_ws_uri_;
  const std::string reserved_username_;
  const int max_per_org_;
};

// Records when the broker last saw each device (username → time), as the
// intake collected them; unknown usernames change nothing.
Status RecordDevicesSeen(Store& store,
                         const std::map<std::string, TimePoint>& seen);

// Marks the broker accounts changed (inside the caller's transaction).
void MarkBrokerAccountsChanged(WriteTx& tx);

// The accounts' version: changes whenever MarkBrokerAccountsChanged ran.
int64_t BrokerAccountsVersion(ReadTx& tx);

}  // namespace hazegate
