// Random identifiers, secrets and digests. Thread-safe (OpenSSL's CSPRNG).
#pragma once

#include <string>
#include <string_view>

namespace hazegate {

// `bytes` bytes from the CSPRNG, hex-encoded (2 * bytes characters).
std::string RandomHex(size_t bytes);

// 32 random bytes (256 bits), base64url without padding: a bearer token.
std::string NewSecretToken();

// An opaque id: `prefix` followed by 16 random hex characters.
std::string NewId(std::string_view prefix);

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace hazegate
