// MQTT topic names (contract §4) under one prefix.
#pragma once

#include <optional>
#include <string>

namespace hazegate::internal {

class Topics {
 public:
  explicit Topics(std::string prefix) : prefix_(std::move(prefix)) {}
  std::string AreaWarning(const std::string& area) const {
    return prefix_ + "/areas/" + area + "/warning";
  }
  std::string OrgOrders(const std::string& org) const {
    return prefix_ + "/orgs/" + org + "/orders";
  }
  std::string AllAcks() const { return prefix_ + "/orgs/+/acks"; }
  std::string AllReceipts() const { return prefix_ + "/orgs/+/receipts"; }
  // A device's "I am here" (each may write only its own).
  std::string AllSeen() const { return prefix_ + "/devices/+/seen"; }

  // The org of "P/orgs/{org}/{leaf}", or nullopt for any other topic.
  std::optional<std::string> OrgOf(const std::string& topic,
                                   const std::string& leaf) const {
    return Between(topic, prefix_ + "/orgs/", "/" + leaf);
  }

  // The device (broker username) of "P/devices/{username}/seen", or nullopt.
  std::optional<std::string> DeviceOf(const std::string& topic) const {
    return Between(topic, prefix_ + "/devices/", "/seen");
  }

 private:
  // The one level between `head` and `tail` in `topic`, or nullopt.
  static std::optional<std::string> Between(const std::string& topic,
                                            const std::string& head,
                                            const std::string& tail) {
    if (topic.size() <= head.size() + tail.size() ||
        topic.compare(0, head.size(), head) != 0 ||
        topic.compare(topic.size() - tail.size(), tail.size(), tail) != 0) {
      return std::nullopt;
    }
    std::string level =
        topic.substr(head.size(), topic.size() - head.size() - tail.size());
    if (level.find('/') != std::string::npos) return std::nullopt;
    return level;
  }

  std::string prefix_;
};

}  // namespace hazegate::internal
