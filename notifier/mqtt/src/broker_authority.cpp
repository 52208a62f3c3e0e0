#include "hazegate/mqtt/broker_authority.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "hazegate/core/split.h"
#include "hazegate/core/store.h"
#include "hazegate/mqtt/mqtt_identity.h"

namespace hazegate {

namespace {

std::optional<std::vector<unsigned char>> FromBase64(const std::string& text) {
  std::vector<unsigned char> out(3 * (text.size() / 4) + 3);
  const int n = EVP_DecodeBlock(
      out.data(), reinterpret_cast<const unsigned char*>(text.data()),
      static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  size_t size = static_cast<size_t>(n);
  for (size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) --size;
  out.resize(size);
  return out;
}

// RabbitMQ's routing key ('.' between levels, '*' one level) as the MQTT
// topic or filter it came from.
std::string MqttTopicOf(std::string routing_key) {
  for (char& c : routing_key) {
    if (c == '.')
      c = '/';
    else if (c == '*')
      c = '+';
  }
  return routing_key;
}

// An account of the store: its org and password hash.
struct Account {
  std::string org, password_hash;
};

std::optional<Account> FindAccount(Store& store, const std::string& username) {
  ReadTx tx(store);
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT org, password_hash FROM mqtt_credentials WHERE org = ?1 UNION "
      "ALL SELECT org, password_hash FROM devices WHERE username = ?1 AND "
      "deleted_at IS NULL LIMIT 1");
  query.bind(1, username);
  if (!query.executeStep()) return std::nullopt;
  return Account{query.getColumn(0).getString(),
                 query.getColumn(1).getString()};
}

bool SameText(const std::string& a, const std::string& b) {
  return a.size() == b.size() &&
         CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

bool MatchesMosquittoHash(const std::string& password,
                          const std::string& hash) {
  const std::vector<std::string> parts = SplitOn(hash, '$');
  // "", "7", iterations, salt, hash
  if (parts.size() != 5 || parts[1] != "7") return false;
  int iterations = 0;
  try {
    iterations = std::stoi(parts[2]);
  } catch (const std::exception&) {
    return false;
  }
  const auto salt = FromBase64(parts[3]);
  const auto expected = FromBase64(parts[4]);
  if (!salt || !expected || expected->empty() || iterations < 1) return false;
  std::vector<unsigned char> actual(expected->size());
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        salt->data(), static_cast<int>(salt->size()),
                        iterations, EVP_sha512(),
                        static_cast<int>(actual.size()), actual.data()) != 1) {
    return false;
  }
  return CRYPTO_memcmp(actual.data(), expected->data(), actual.size()) == 0;
}

BrokerAuthority::BrokerAuthority(Store& store, BrokerAuthorityOptions options)
    : store_(store), options_(std::move(options)) {}

bool BrokerAuthority::Authenticate(const std::string& username,
                                   const std::string& password) const {
  if (IsGateway(username)) {
    return SameText(password, options_.gateway_password);
  }
  const auto account = FindAccount(store_, username);
  return account && MatchesMosquittoHash(password, account->password_hash);
}

bool BrokerAuthority::IsGateway(const std::string& username) const {
  return !options_.gateway_username.empty() &&
         username == options_.gateway_username;
}

bool BrokerAuthority::Known(const std::string& username) const {
  return IsGateway(username) || FindAccount(store_, username).has_value();
}

bool BrokerAuthority::MayUseResource(const std::string& username,
                                     const std::string& kind,
                                     const std::string& name,
                                     const std::string& permission) const {
  if (IsGateway(username)) {
    return true;
  }
  if (!Known(username)) return false;
  if (kind == "exchange") {
    return name == "amq.topic" &&
           (permission == "read" || permission == "write");
  }
  const std::string queue = "mqtt-subscription-" + username + "qos";
  return kind == "queue" && (name == queue + "0" || name == queue + "1");
}

bool BrokerAuthority::MayUseTopic(const std::string& username,
                                  const std::string& routing_key,
                                  bool write) const {
  std::vector<TopicRight> rights;
  if (IsGateway(username)) {
    rights = GatewayRights(options_.topic_prefix);
  } else if (const auto account = FindAccount(store_, username)) {
    rights = AccountRights(options_.topic_prefix, account->org, username);
  }
  const std::string topic = MqttTopicOf(routing_key);
  return std::any_of(rights.begin(), rights.end(), [&](const TopicRight& r) {
    return (write ? r.write : r.read) && FilterCovers(r.filter, topic);
  });
}

}  // namespace hazegate
