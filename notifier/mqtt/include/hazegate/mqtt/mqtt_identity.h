// Broker identities: each org that receives orders logs in to Mosquitto as
// its org id with a random password; the passwords are kept only as
// Mosquitto password-file hashes. The ACL lets an org read its own orders
// and the area warnings and write only its own acks; the gateway's account
// may do everything under the prefix. Thread-safe; Store outlives the calls.
#pragma once

#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"

namespace hazegate {

// "$7$101$salt$hash": PBKDF2-HMAC-SHA512, 101 iterations, 12-byte salt, as
// Mosquitto 2 writes and reads it.
std::string MosquittoPasswordHash(const std::string& password);

// Issues or rotates the org's password; returns it (shown once). An unknown
// org is kInvalidInput on "org".
Result<std::string> IssueMqttPassword(Store& store, const Clock& clock,
                                      const std::string& org,
                                      const std::string& actor);

// What an account may do on the broker (§4), as MQTT topic filters ('+'
// one level, '#' the rest): the one list behind Mosquitto's ACL file and a
// clustered broker's questions (broker_authority.h).
struct TopicRight {
  std::string filter;
  bool read = false, write = false;
};

// An org's credentials or one of its devices (`username`: its seen topic):
// read its orders and the area levels, write its acks and receipts and its
// own seen topic.
std::vector<TopicRight> AccountRights(const std::string& prefix,
                                      const std::string& org,
                                      const std::string& username);

// The server's own account: everything under the prefix.
std::vector<TopicRight> GatewayRights(const std::string& prefix);

// Whether `filter` covers `topic` (a topic, or a subscription's filter: its
// '+' only where `filter` has one; '#' only under a '#', which stands for
// one level or more).
bool FilterCovers(const std::string& filter, const std::string& topic);

struct MosquittoFiles {
  std::string passwd;  // Mosquitto password-file lines
  std::string acl;     // Mosquitto ACL file
};

// Files for every org with credentials, plus the gateway's own account when
// `gateway_username` is not empty.
Result<MosquittoFiles> BuildMosquittoFiles(Store& store,
                                           const std::string& topic_prefix,
                                           const std::string& gateway_username,
                                           const std::string& gateway_password);

}  // namespace hazegate
