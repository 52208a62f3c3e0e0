// One answering endpoint for a clustered broker that several prefectures
// share (docs/operations.md, "A region"): rabbitmq_auth_backend_http takes
// one URL, but each prefecture's gateway knows only its own accounts
// (broker_authority.h). This asks the gateway that owns the username: found
// by the `user` question (the one whose password matched) or, unknown yet,
// the first that knows the name; then every `vhost`, `resource` and `topic`
// question goes to that gateway alone, which allows only its own prefix.
// Usernames must be unique across the region. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hazegate {

// A question's query (username, password, vhost, resource, name,
// permission, routing_key…), passed on unchanged.
using BrokerQuestion = std::map<std::string, std::string>;

// Asks a gateway (its base URL, a path such as /internal/mqtt/user): the
// answer's body, or nullopt when it did not answer 200 (down, refused).
using AskGateway = std::function<std::optional<std::string>(
    const std::string& gateway, const std::string& path,
    const BrokerQuestion& question)>;

class RegionalAuthority {
 public:
  RegionalAuthority(std::vector<std::string> gateways, AskGateway ask);

  // The body for the broker ("allow…" or "deny") to GET /internal/mqtt/
  // `what` (user, vhost, resource or topic); "deny" for anything else and
  // when no gateway allows.
  std::string Answer(const std::string& what, const BrokerQuestion& question);

 private:
  std::string AskUser(const BrokerQuestion& question);
  std::optional<std::string> OwnerOf(const std::string& username);
  std::optional<std::string> Remembered(const std::string& username);
  void Remember(const std::string& username, const std::string& gateway);

  const std::vector<std::string> gateways_;
  const AskGateway ask_;
  std::mutex mutex_;
  std::map<std::string, std::string> owners_;  // username -> gateway
};

// The real AskGateway: HTTP GET with kept-alive connections (one per
// calling thread and gateway), 2 s timeouts.
AskGateway HttpAskGateway();

}  // namespace hazegate
