#include "hazegate/mqtt/broker_sessions.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "hazegate/core/store.h"
#include "hazegate/mqtt/devices.h"

namespace hazegate {

namespace {

std::string PercentEncoded(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

BrokerSessions::BrokerSessions(Store& store, const BrokerAuthority& authority,
                               BrokerSessionsOptions options)
    : store_(store),
      authority_(authority),
      options_(std::move(options)),
      worker_([this] { Turn(); }, options_.interval) {}

BrokerSessions::~BrokerSessions() { Stop(); }

void BrokerSessions::Start() { worker_.Start(); }

void BrokerSessions::Stop() { worker_.Stop(); }

void BrokerSessions::Turn() {
  try {
    int64_t version = 0;
    {
      ReadTx tx(store_);
      version = BrokerAccountsVersion(tx);
    }
    if (version == swept_version_) return;
    if (Sweep()) swept_version_ = version;
  } catch (const std::exception& e) {
    spdlog::error("broker sessions: {}", e.what());
  }
}

bool BrokerSessions::Sweep() {
  for (const std::string& url : options_.management_urls) {
    httplib::Client client(url);
    client.set_basic_auth(options_.username, options_.password);
    client.set_connection_timeout(2, 0);
    client.set_read_timeout(5, 0);
    auto listed = client.Get("/api/connections?columns=name,user");
    if (!listed || listed->status != 200) continue;
    const auto connections =
        nlohmann::json::parse(listed->body, nullptr, false);
    if (!connections.is_array()) continue;
    for (const auto& c : connections) {
      const std::string user = c.value("user", "");
      if (user.empty() || user == options_.username || authority_.Known(user)) {
        continue;
      }
      auto closed = client.Delete(
          "/api/connections/" + PercentEncoded(c.value("name", "")),
          {{"X-Reason", "the account was deleted"}});
      if (closed && (closed->status == 204 || closed->status == 404)) {
        ++closed_total_;
        spdlog::info("broker sessions: closed {}'s connection", user);
      }
    }
    return true;
  }
  return false;
}

}  // namespace hazegate
