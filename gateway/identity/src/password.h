// argon2id password hashing in the PHC string format.
#pragma once

#include <string>

namespace hazegate::internal {

// Hash with a fresh random salt (t=2, m=19 MiB, p=1: OWASP's minimum).
std::string HashPassword(const std::string& password);

// True if `password` matches the encoded hash.
bool VerifyPassword(const std::string& encoded, const std::string& password);

}  // namespace hazegate::internal
