// JSON from outside (request bodies, report parts, MQTT payloads, plan
// files) is parsed under a nesting limit: nlohmann's parser is iterative,
// but dump(), comparison and copying of deeply nested values recurse, and a
// million levels overflow the stack. Thread-safe (pure functions).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hazegate/core/clock.h"
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

// The API's optional values when writing JSON: "" and an absent time are
// null; a time is RFC 3339 in Beijing time.
nlohmann::json TextOrNull(const std::string& text);
nlohmann::json TimeOrNull(const std::optional<TimePoint>& t);
// An optional value (a number, a text) as itself, or null when absent.
template <typename T>
nlohmann::json ValueOrNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// Each of `items` through `to_json`, as a JSON array.
template <typename Item, typename ToJson>
nlohmann::json JsonArray(const std::vector<Item>& items, ToJson to_json) {
  nlohmann::json array = nlohmann::json::array();
  for (const Item& item : items) array.push_back(to_json(item));
  return array;
}

// A result in its JSON form through `to_json`, the error as it was.
template <typename Value, typename ToJson>
Result<nlohmann::json> AsJson(const Result<Value>& result, ToJson to_json) {
  if (!result.ok()) return result.error();
  return nlohmann::json(to_json(result.value()));
}

// A list's result as a JSON array, each item through `to_json`.
template <typename Item, typename ToJson>
Result<nlohmann::json> AsJsonArray(const Result<std::vector<Item>>& result,
                                   ToJson to_json) {
  if (!result.ok()) return result.error();
  return JsonArray(result.value(), to_json);
}

}  // namespace hazegate
