#include "hazegate/mqtt/devices.h"

#include <nlohmann/json.hpp>

#include "hazegate/config/directory.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/ids.h"
#include "hazegate/core/store.h"
#include "hazegate/core/utf8.h"
#include "hazegate/mqtt/mqtt_identity.h"

namespace hazegate {

using nlohmann::json;

namespace {

constexpr size_t kMaxNameBytes = 200;

Status CheckName(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameBytes || !IsValidUtf8(name) ||
      FirstControlCharacter(name) != std::string::npos) {
    return Error::InvalidField(
        "name", "must be 1-200 bytes of text without control characters");
  }
  return Ok{};
}

// A username no broker account has: not an org (org-wide credentials use
// the org id), not a device, not the server's own.
bool UsernameFree(ReadTx& tx, const std::string& username,
                  const std::string& reserved) {
  Store::Lease& lease = Store::LeaseOf(tx);
  if (username == reserved) return false;
  SQLite::Statement& query = lease.Prepare(
      "SELECT (SELECT count(*) FROM orgs_view WHERE id = ?1) + "
      "(SELECT count(*) FROM devices WHERE username = ?1)");
  query.bind(1, username);
  query.executeStep();
  return query.getColumn(0).getInt() == 0;
}

}  // namespace

void MarkBrokerAccountsChanged(WriteTx& tx) {
  Store::Lease& lease = Store::LeaseOf(tx);
  lease.Prepare("UPDATE broker_accounts SET version = version + 1 WHERE id = 1")
      .exec();
}

int64_t BrokerAccountsVersion(ReadTx& tx) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT version FROM broker_accounts WHERE id = 1");
  return query.executeStep() ? query.getColumn(0).getInt64() : 0;
}

DeviceService::DeviceService(Store& store, const Clock& clock,
                             std::string device_uri,
                             std::string reserved_username, int max_per_org,
                             std::string device_ws_uri)
    : store_(store),
      clock_(clock),
      device_uri_(std::move(device_uri)),
      device_ws_uri_(std::move(device_ws_uri)),
      reserved_username_(std::move(reserved_username)),
      max_per_org_(max_per_org) {}

Result<Device> DeviceService::Insert(WriteTx& tx, const DeviceRequest& request,
                                     const std::string& actor,
                                     TimePoint now) const {
  Store::Lease& lease = Store::LeaseOf(tx);
  if (auto name = CheckName(request.name); !name.ok()) return name.error();
  std::string username = "dev-" + RandomHex(8);
  while (!UsernameFree(tx, username, reserved_username_)) {
    username = "dev-" + RandomHex(8);
  }
  SQLite::Statement& org =
      lease.Prepare("SELECT 1 FROM orgs_view WHERE id = ?");
  org.bind(1, request.org);
  if (!org.executeStep()) {
    return Error::InvalidField("org", "unknown org " + request.org);
  }
  const std::string id = NewId("dev-");
  const std::string password = RandomHex(24);
  SQLite::Statement& insert = lease.Prepare(
      "INSERT INTO devices (id, org, name, username, password_hash, "
      "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, id);
  insert.bind(2, request.org);
  insert.bind(3, request.name);
  insert.bind(4, username);
  insert.bind(5, MosquittoPasswordHash(password));
  insert.bind(6, actor);
  insert.bind(7, ToUnixSeconds(now));
  insert.exec();
  MarkBrokerAccountsChanged(tx);
  RecordAudit(tx,
              {actor, "device.create", "device", id,
               json{{"org", request.org}, {"username", username}}.dump()},
              now);
  return Device{id,
                request.org,
                request.name,
                now,
                {device_uri_, device_ws_uri_, username, password, username}};
}

Result<Device> DeviceService::Create(const Actor& actor,
                                     const std::string& name) {
  try {
    WriteTx tx(store_);
    Store::Lease& lease = Store::LeaseOf(tx);
    SQLite::Statement& held = lease.Prepare(
        "SELECT count(*) FROM devices WHERE org = ? AND deleted_at IS NULL");
    held.bind(1, actor.org);
    held.executeStep();
    if (held.getColumn(0).getInt() >= max_per_org_) {
      return Error::Conflict("the org holds its limit of " +
                             std::to_string(max_per_org_) +
                             " devices; delete one it no longer uses");
    }
    auto created = Insert(tx, {actor.org, name}, actor.username, clock_.Now());
    if (!created.ok()) return created;
    tx.Commit();
    return created;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("creating a device: ") + e.what());
  }
}

Result<std::vector<Device>> DeviceService::List(const std::string& org,
                                                const PageRequest& page) const {
  ReadTx tx(store_);
  Store::Lease& lease = Store::LeaseOf(tx);
  try {
    const auto before =
        SeqBefore(tx, "devices", "id", page.before, {"org", org});
    if (!before.ok()) return before.error();
    SQLite::Statement& query = lease.Prepare(
        "SELECT id, org, name, username, created_at, last_seen_at FROM "
        "devices WHERE org = ? AND deleted_at IS NULL AND seq < ? ORDER BY "
        "seq DESC LIMIT ?");
    query.bind(1, org);
    query.bind(2, before.value());
    query.bind(3, page.limit);
    std::vector<Device> list;
    while (query.executeStep()) {
      const std::string username = query.getColumn(3).getString();
      list.push_back({query.getColumn(0).getString(),
                      query.getColumn(1).getString(),
                      query.getColumn(2).getString(),
                      FromUnixSeconds(query.getColumn(4).getInt64()),
                      {device_uri_, device_ws_uri_, username, "", username},
                      OptionalTime(query.getColumn(5))});
    }
    return list;
  } catch (const std::exception& e) {
    return Error::Internal("listing devices of " + org + ": " + e.what());
  }
}

Status DeviceService::Delete(const Actor& actor, const std::string& id) {
  try {
    WriteTx tx(store_);
    Store::Lease& lease = Store::LeaseOf(tx);
    const TimePoint now = clock_.Now();
    SQLite::Statement& remove = lease.Prepare(
        "UPDATE devices SET deleted_at = ? WHERE id = ? AND org = ? AND "
        "deleted_at IS NULL");
    remove.bind(1, ToUnixSeconds(now));
    remove.bind(2, id);
    remove.bind(3, actor.org);
    if (remove.exec() == 0) return Error::NotFound("device " + id);
    MarkBrokerAccountsChanged(tx);
    RecordAudit(tx, {actor.username, "device.delete", "device", id, "{}"}, now);
    tx.Commit();
    return Ok{};
  } catch (const std::exception& e) {
    return Error::Internal("deleting device " + id + ": " + e.what());
  }
}

Result<int> DeviceService::DeleteCreatedBy(const std::string& username,
                                           const std::string& actor) {
  try {
    WriteTx tx(store_);
    Store::Lease& lease = Store::LeaseOf(tx);
    const TimePoint now = clock_.Now();
    SQLite::Statement& remove = lease.Prepare(
        "UPDATE devices SET deleted_at = ? WHERE created_by = ? AND "
        "deleted_at IS NULL");
    remove.bind(1, ToUnixSeconds(now));
    remove.bind(2, username);
    const int deleted = remove.exec();
    if (deleted > 0) MarkBrokerAccountsChanged(tx);
    RecordAudit(tx,
                {actor, "device.delete_all", "account", username,
                 json{{"devices", deleted}}.dump()},
                now);
    tx.Commit();
    return deleted;
  } catch (const std::exception& e) {
    return Error::Internal("deleting devices of " + username + ": " + e.what());
  }
}

Status RecordDevicesSeen(Store& store,
                         const std::map<std::string, TimePoint>& seen) {
  if (seen.empty()) return Ok{};
  try {
    WriteTx tx(store);
    SQLite::Statement& update = Store::LeaseOf(tx).Prepare(
        "UPDATE devices SET last_seen_at = max(ifnull(last_seen_at, 0), ?) "
        "WHERE username = ? AND deleted_at IS NULL");
    for (const auto& [username, at] : seen) {
      update.reset();
      update.bind(1, ToUnixSeconds(at));
      update.bind(2, username);
      update.exec();
    }
    tx.Commit();
    return Ok{};
  } catch (const std::exception& e) {
    return Error::Internal(std::string("recording devices seen: ") + e.what());
  }
}

}  // namespace hazegate
