// Rules shared by the plan validator and the CSV importer.
#pragma once

#include <array>
#include <string_view>

namespace hazegate::internal {

inline constexpr std::array<std::string_view, 3> kLevels = {"yellow", "orange",
                                                            "red"};
inline constexpr std::array<std::string_view, 5> kGrades = {"A", "B", "C", "D",
                                                            "leading"};
inline constexpr std::array<std::string_view, 5> kMeasureActions = {
    "limit", "stop", "stagger_transport", "self_determined", "exempt"};
// `unit`: the command's member units; `agency` (v3): a government body
// that is not a member unit but belongs to a special group (交警支队).
inline constexpr std::array<std::string_view, 9> kOrgKinds = {
    "command", "office",     "unit",   "agency", "group",
    "county",  "enterprise", "school", "site"};
inline constexpr std::array<std::string_view, 3> kSchoolStages = {
    "kindergarten", "primary", "secondary"};
inline constexpr std::array<std::string_view, 3> kAreaKinds = {
    "prefecture", "county", "park"};
// Kinds that receive orders and so need an acknowledgement window.
inline constexpr std::array<std::string_view, 8> kRecipientKinds = {
    "command", "unit",       "agency", "group",
    "county",  "enterprise", "school", "site"};

template <size_t N>
bool OneOf(std::string_view value,
           const std::array<std::string_view, N>& allowed) {
  for (std::string_view candidate : allowed) {
    if (candidate == value) return true;
  }
  return false;
}

// Mainland China's bounding box, generously: catches swapped or zeroed
// coordinates without a border polygon.
inline bool InChina(double lat, double lon) {
  return lat >= 3.5 && lat <= 53.6 && lon >= 73.4 && lon <= 135.1;
}

// Org ids become MQTT usernames and topic levels: lower-case letters,
// digits and '-', 2 to 64 characters, starting with a letter or digit.
inline bool IsValidOrgId(std::string_view id) {
  if (id.size() < 2 || id.size() > 64 || id.front() == '-') return false;
  for (char c : id) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace hazegate::internal
