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

  // The device (broker username) of "P/devices/{username}/seen", or nullopt.
  std::optional<std::string> DeviceOf(const std::string& topic) const {
    const std::string head = prefix_ + "/devices/";
    const std::string tail = "/seen";
    if (topic.size() <= head.size() + tail.size() ||
        topic.compare(0, head.size(), head) != 0 ||
        topic.compare(topic.size() - tail.size(), tail.size(), tail) != 0) {
      return std::nullopt;
    }
    std::string device =
        topic.substr(head.size(), topic.size() - head.size() - tail.size());
    if (device.find('/') != std::string::npos) return std::nullopt;
    return device;
  }

  // The org of "P/orgs/{org}/{leaf}", or nullopt for any other topic.
  std::optional<std::string> OrgOf(const std::string& topic,
                                   const std::string& leaf) const {
    const std::string head = prefix_ + "/orgs/";
    const std::string tail = "/" + leaf;
    if (topic.size() <= head.size() + tail.size() ||
        topic.compare(0, head.size(), head) != 0 ||
        topic.compare(topic.size() - tail.size(), tail.size(), tail) != 0) {
      return std::nullopt;
    }
    std::string org =
        topic.substr(head.size(), topic.size() - head.size() - tail.size());
    if (org.find('/') != std::string::npos) return std::nullopt;
    return org;
  }

 private:
  std::string prefix_;
};

}  // namespace hazegate::internal
