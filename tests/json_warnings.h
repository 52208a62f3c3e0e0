// The warning service driven the way the gateway drives it: requests and
// results in the API's JSON (warning_json.h), so that tests read as the
// contract does. A thin adapter, no logic of its own.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "hazegate/orders/order_json.h"
#include "hazegate/warnings/warning_json.h"
#include "hazegate/warnings/warnings.h"

namespace hazegate::testing {

class JsonWarnings {
 public:
  explicit JsonWarnings(WarningService& service) : service_(service) {}

  Result<nlohmann::json> Create(const nlohmann::json& body,
                                const Actor& actor) {
    auto request = ParseWarningRequest(body);
    if (!request.ok()) return request.error();
    return Json(service_.Create(request.value(), actor));
  }
  Result<nlohmann::json> Preview(const nlohmann::json& body) {
    auto request = ParseWarningRequest(body);
    if (!request.ok()) return request.error();
    auto preview = service_.Preview(request.value());
    if (!preview.ok()) return preview.error();
    return PreviewToJson(preview.value());
  }
  Result<nlohmann::json> Approve(const std::string& id, const Actor& actor) {
    return Json(service_.Approve(id, actor));
  }
  Result<nlohmann::json> Reject(const std::string& id,
                                const nlohmann::json& body,
                                const Actor& actor) {
    auto reason = ParseReason(body);
    if (!reason.ok()) return reason.error();
    return Json(service_.Reject(id, reason.value(), actor));
  }
  Result<nlohmann::json> Lift(const std::string& id, const nlohmann::json& body,
                              const Actor& actor) {
    auto reason = ParseReason(body);
    if (!reason.ok()) return reason.error();
    return Json(service_.Lift(id, reason.value(), actor));
  }
  Result<nlohmann::json> Get(const std::string& id) {
    return Json(service_.Get(id));
  }
  Result<nlohmann::json> Orders(const std::string& id,
                                const OrderFilter& filter) {
    auto orders = service_.Orders(id, filter);
    if (!orders.ok()) return orders.error();
    nlohmann::json list = nlohmann::json::array();
    for (const Order& order : orders.value()) {
      list.push_back(OrderToJson(order));
    }
    return list;
  }
  Result<std::string> Cap(const std::string& id) { return service_.Cap(id); }

 private:
  static Result<nlohmann::json> Json(const Result<Warning>& warning) {
    if (!warning.ok()) return warning.error();
    return WarningToJson(warning.value());
  }

  WarningService& service_;
};

}  // namespace hazegate::testing
