// Roles (contract §3) and the authenticated caller.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hazegate {

enum class Role {
  kAdmin,
  kCommand,
  kOffice,
  kUnit,
  kCounty,
  kInspector,
  kEnterprise,
  kSchool,
  kDisplay,  // a wall screen (大屏): reads its org's board and nothing else
};

inline constexpr Role kAllRoles[] = {
    Role::kAdmin,      Role::kCommand, Role::kOffice,
    Role::kUnit,       Role::kCounty,  Role::kInspector,
    Role::kEnterprise, Role::kSchool,  Role::kDisplay};

std::optional<Role> ParseRole(std::string_view name);
std::string_view RoleName(Role role);

// Who is calling: set by authentication, read by handlers.
struct Principal {
  std::string username;
  Role role = Role::kSchool;
  std::string org;  // empty only for admin
};

}  // namespace hazegate
