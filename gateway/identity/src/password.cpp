#include "password.h"

#include <argon2.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

#include "hazegate/core/concurrency.h"

namespace hazegate::internal {

namespace {

constexpr uint32_t kTimeCost = 2;
constexpr uint32_t kMemoryKiB = 19 * 1024;
constexpr uint32_t kParallelism = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

// At most one argon2 computation (19 MiB each) per core.
ConcurrencyLimit& Hashers() {
  static ConcurrencyLimit limit;
  return limit;
}

}  // namespace

std::string HashPassword(const std::string& password) {
  unsigned char salt[kSaltBytes];
  if (RAND_bytes(salt, sizeof salt) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  const size_t length = argon2_encodedlen(kTimeCost, kMemoryKiB, kParallelism,
                                          kSaltBytes, kHashBytes, Argon2_id);
  std::vector<char> encoded(length);
  ConcurrencyLimit::Slot slot(Hashers());
  const int rc = argon2id_hash_encoded(
      kTimeCost, kMemoryKiB, kParallelism, password.data(), password.size(),
      salt, sizeof salt, kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    throw std::runtime_error(std::string("argon2: ") +
                             argon2_error_message(rc));
  }
  return std::string(encoded.data());
}

bool VerifyPassword(const std::string& encoded, const std::string& password) {
  ConcurrencyLimit::Slot slot(Hashers());
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) ==
         ARGON2_OK;
}

}  // namespace hazegate::internal
