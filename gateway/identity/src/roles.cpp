#include "hazegate/identity/roles.h"

#include <array>
#include <utility>

namespace hazegate {

namespace {

constexpr std::array<std::pair<Role, std::string_view>, 9> kNames = {{
    {Role::kAdmin, "admin"},
    {Role::kCommand, "command"},
    {Role::kOffice, "office"},
    {Role::kUnit, "unit"},
    {Role::kCounty, "county"},
    {Role::kInspector, "inspector"},
    {Role::kEnterprise, "enterprise"},
    {Role::kSchool, "school"},
    {Role::kDisplay, "display"},
}};

}  // namespace

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [role, role_name] : kNames) {
    if (role_name == name) return role;
  }
  return std::nullopt;
}

std::string_view RoleName(Role role) {
  for (const auto& [candidate, name] : kNames) {
    if (candidate == role) return name;
  }
  return "unknown";
}

}  // namespace hazegate
