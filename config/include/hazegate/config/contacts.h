// An org's contacts (contract v3: `contacts: [{name, phone, duty?}]` in the
// plan and the enterprise import): the people SMS reaches when no device
// does. Shown only to the office, the command, the org itself and its
// county. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hazegate {

// An org has at most this many.
inline constexpr size_t kMaxContacts = 10;

struct Contact {
  std::string name;
  std::string phone;  // +86 and 11 digits
  std::string duty;   // "" if none (e.g. 值班, 负责人)
};

// A mainland mobile number, 1[3-9] and 9 more digits, written with or
// without +86 / 86 and with spaces or dashes between groups, as +86…;
// nullopt for anything else.
std::optional<std::string> ChinaMobile(std::string_view text);

}  // namespace hazegate
