// JSON from outside (request bodies, report parts, MQTT payloads, plan
// files) is parsed under a nesting limit: nlohmann's parser is iterative,
// but dump(), comparison and copying of deeply nested values recurse, and a
// million levels overflow the stack. Thread-safe (pure functions).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "hazegate/core/result.h"

namespace hazegate {

inline constexpr int kMaxJsonDepth = 64;

// True if arrays and objects in `text` nest deeper than `limit` (strings
// are skipped; the text need not be valid JSON).
bool NestsDeeperThan(std::string_view text, int limit);

// The parsed value, or kInvalidInput naming `field`: "nests deeper than 64
// levels" or "is not valid JSON".
Result<nlohmann::json> ParseJson(std::string_view text,
                                 const std::string& field);

}  // namespace hazegate
