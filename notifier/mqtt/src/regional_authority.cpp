#include "hazegate/mqtt/regional_authority.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace hazegate {

namespace {

constexpr char kPath[] = "/internal/mqtt/";
constexpr char kDeny[] = "deny";

bool Allows(const std::optional<std::string>& answer) {
  return answer && answer->starts_with("allow");
}

std::string UsernameOf(const BrokerQuestion& question) {
  const auto it = question.find("username");
  return it == question.end() ? std::string() : it->second;
}

}  // namespace

RegionalAuthority::RegionalAuthority(std::vector<std::string> gateways,
                                     AskGateway ask)
    : gateways_(std::move(gateways)), ask_(std::move(ask)) {}

std::string RegionalAuthority::Answer(const std::string& what,
                                      const BrokerQuestion& question) {
  if (what == "user") return AskUser(question);
  if (what != "vhost" && what != "resource" && what != "topic") return kDeny;
  const auto owner = OwnerOf(UsernameOf(question));
  if (!owner) return kDeny;
  const auto answer = ask_(*owner, kPath + what, question);
  return Allows(answer) ? *answer : kDeny;
}

// The owner first when known (it is the one that will allow), then the rest.
std::string RegionalAuthority::AskUser(const BrokerQuestion& question) {
  const std::string username = UsernameOf(question);
  std::vector<std::string> order = gateways_;
  if (const auto owner = Remembered(username); owner) {
    std::erase(order, *owner);
    order.insert(order.begin(), *owner);
  }
  for (const std::string& gateway : order) {
    const auto answer = ask_(gateway, std::string(kPath) + "user", question);
    if (Allows(answer)) {
      Remember(username, gateway);
      return *answer;
    }
  }
  return kDeny;
}

// Remembered, else the first gateway that knows the name (a `vhost`
// question: it checks no password).
std::optional<std::string> RegionalAuthority::OwnerOf(
    const std::string& username) {
  if (username.empty()) return std::nullopt;
  if (auto owner = Remembered(username); owner) return owner;
  const BrokerQuestion known = {{"username", username}, {"vhost", "/"}};
  for (const std::string& gateway : gateways_) {
    if (Allows(ask_(gateway, std::string(kPath) + "vhost", known))) {
      Remember(username, gateway);
      return gateway;
    }
  }
  return std::nullopt;
}

std::optional<std::string> RegionalAuthority::Remembered(
    const std::string& username) {
  std::lock_guard lock(mutex_);
  const auto it = owners_.find(username);
  if (it == owners_.end()) return std::nullopt;
  return it->second;
}

void RegionalAuthority::Remember(const std::string& username,
                                 const std::string& gateway) {
  std::lock_guard lock(mutex_);
  owners_[username] = gateway;
}

AskGateway HttpAskGateway() {
  return [](const std::string& gateway, const std::string& path,
            const BrokerQuestion& question) -> std::optional<std::string> {
    thread_local std::map<std::string, std::unique_ptr<httplib::Client>>
        clients;
    auto& client = clients[gateway];
    if (!client) {
      client = std::make_unique<httplib::Client>(gateway);
      client->set_keep_alive(true);
      client->set_tcp_nodelay(true);
      client->set_connection_timeout(2, 0);
      client->set_read_timeout(2, 0);
      client->set_write_timeout(2, 0);
    }
    const httplib::Params params(question.begin(), question.end());
    const auto result = client->Get(path, params, httplib::Headers{});
    if (!result || result->status != 200) {
      spdlog::warn("regional auth: {}{} did not answer ({})", gateway, path,
                   result ? std::to_string(result->status)
                          : httplib::to_string(result.error()));
      return std::nullopt;
    }
    return result->body;
  };
}

}  // namespace hazegate
