// Warnings in JSON, the HTTP API's and the MQTT area messages' form
// (contract §3 "Warnings", docs/mqtt.md): for the edges only.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "hazegate/core/result.h"
#include "hazegate/warnings/warning.h"
#include "hazegate/warnings/warnings.h"

namespace hazegate {

// The body of POST /warnings (and /preview): kInvalidInput naming every bad
// field, the format's and CheckWarningRequest's together.
Result<WarningRequest> ParseWarningRequest(const nlohmann::json& body);

// {reason} of reject and lift: kInvalidInput on "reason".
Result<std::string> ParseReason(const nlohmann::json& body);

// The API's warning, with order_counts and arrival; a recipient's view
// (audience.recipient) without proposed_by, approved_by and those two.
nlohmann::json WarningToJson(const Warning& warning,
                             const WarningAudience& audience = {});

nlohmann::json PreviewToJson(const WarningPreview& preview);

// {area, level, warning_id, starts_at, ends_at, headline}: the retained
// message of areas/{code}/warning.
nlohmann::json AreaLevelToJson(const AreaLevel& level);

}  // namespace hazegate
