#include "hazegate/mqtt/mqtt_identity.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "hazegate/core/ids.h"
#include "hazegate/core/split.h"
#include "hazegate/core/store.h"
#include "hazegate/mqtt/devices.h"

namespace hazegate {

namespace {

constexpr int kIterations = 101;
constexpr int kSaltBytes = 12;
constexpr int kHashBytes = 64;

std::string Base64(const unsigned char* data, int size) {
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  const int length =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, size);
  out.resize(length);
  return out;
}

// "topic read|write|readwrite FILTER" lines of Mosquitto's ACL file.
std::string AclLines(const std::vector<TopicRight>& rights) {
  std::string lines;
  for (const TopicRight& r : rights) {
    lines += std::string("topic ") +
             (r.read && r.write ? "readwrite"
              : r.read          ? "read"
                                : "write") +
             " " + r.filter + "\n";
  }
  return lines;
}

}  // namespace

std::vector<TopicRight> AccountRights(const std::string& prefix,
                                      const std::string& org,
                                      const std::string& username) {
  const std::string own = prefix + "/orgs/" + org;
  return {{own + "/orders", true, false},
          {prefix + "/areas/+/warning", true, false},
          {own + "/acks", false, true},
          {own + "/receipts", false, true},
          {prefix + "/devices/" + username + "/seen", false, true}};
}

std::vector<TopicRight> GatewayRights(const std::string& prefix) {
  return {{prefix + "/#", true, true}};
}

bool FilterCovers(const std::string& filter, const std::string& topic) {
  const std::vector<std::string> want = SplitOn(filter, '/');
  const std::vector<std::string> got = SplitOn(topic, '/');
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i] == "#") return i < got.size();  // at least one level
    if (i == got.size() || got[i].empty() || got[i] == "#") return false;
    if (want[i] != "+" && want[i] != got[i]) return false;
  }
  return want.size() == got.size();
}

std::string MosquittoPasswordHash(const std::string& password) {
  unsigned char salt[kSaltBytes];
  unsigned char hash[kHashBytes];
  if (RAND_bytes(salt, kSaltBytes) != 1 ||
      PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        salt, kSaltBytes, kIterations, EVP_sha512(), kHashBytes,
                        hash) != 1) {
    throw std::runtime_error("hashing a broker password failed");
  }
  return "$7$" + std::to_string(kIterations) + "$" + Base64(salt, kSaltBytes) +
         "$" + Base64(hash, kHashBytes);
}

Result<std::string> IssueMqttPassword(Store& store, const Clock& clock,
                                      const std::string& org,
                                      const std::string& actor) {
  const std::string password = RandomHex(24);
  const std::string hash = MosquittoPasswordHash(password);
  try {
    WriteTx tx(store);
    Store::Lease& lease = Store::LeaseOf(tx);
    SQLite::Statement& exists =
        lease.Prepare("SELECT 1 FROM orgs_view WHERE id = ?");
    exists.bind(1, org);
    if (!exists.executeStep()) {
      return Error::InvalidField("org", "unknown org " + org);
    }
    SQLite::Statement& upsert = lease.Prepare(
        "INSERT INTO mqtt_credentials (org, password_hash, rotated_at) "
        "VALUES (?, ?, ?) ON CONFLICT (org) DO UPDATE SET password_hash = "
        "excluded.password_hash, rotated_at = excluded.rotated_at");
    upsert.bind(1, org);
    upsert.bind(2, hash);
    upsert.bind(3, ToUnixSeconds(clock.Now()));
    upsert.exec();
    MarkBrokerAccountsChanged(tx);
    RecordAudit(tx, {actor, "mqtt.credentials", "org", org, "{}"}, clock.Now());
    tx.Commit();
    return password;
  } catch (const std::exception& e) {
    return Error::Internal("issuing broker credentials: " +
                           std::string(e.what()));
  }
}

Result<MosquittoFiles> BuildMosquittoFiles(
    Store& store, const std::string& prefix,
    const std::string& gateway_username, const std::string& gateway_password) {
  MosquittoFiles files;
  files.acl = "# Written by `hazegate mqtt config`; do not edit.\n";
  if (!gateway_username.empty()) {
    files.passwd +=
        gateway_username + ":" + MosquittoPasswordHash(gateway_password) + "\n";
    files.acl +=
        "\nuser " + gateway_username + "\n" + AclLines(GatewayRights(prefix));
  }
  auto lease = store.Acquire();
  try {
    // Org-wide accounts (username = org id), then devices: each with its
    // org's rights.
    SQLite::Statement& query = lease.Prepare(
        "SELECT org, org, password_hash FROM mqtt_credentials UNION ALL "
        "SELECT username, org, password_hash FROM devices WHERE deleted_at "
        "IS NULL");
    while (query.executeStep()) {
      const std::string username = query.getColumn(0).getString();
      files.passwd += username + ":" + query.getColumn(2).getString() + "\n";
      files.acl += "\nuser " + username + "\n" +
                   AclLines(AccountRights(
                       prefix, query.getColumn(1).getString(), username));
    }
    return files;
  } catch (const std::exception& e) {
    return Error::Internal("reading broker credentials: " +
                           std::string(e.what()));
  }
}

}  // namespace hazegate
