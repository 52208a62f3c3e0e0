#include "hazegate/core/ids.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>
#include <vector>

namespace hazegate {

namespace {

std::vector<unsigned char> RandomBytes(size_t count) {
  std::vector<unsigned char> bytes(count);
  if (RAND_bytes(bytes.data(), static_cast<int>(count)) != 1) {
    throw std::runtime_error("RAND_bytes failed");  // no entropy: unusable
  }
  return bytes;
}

std::string ToHex(const unsigned char* data, size_t size) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string RandomHex(size_t bytes) {
  const auto random = RandomBytes(bytes);
  return ToHex(random.data(), random.size());
}

std::string NewSecretToken() {
  const auto random = RandomBytes(32);
  unsigned char encoded[64];
  const int length = EVP_EncodeBlock(encoded, random.data(), 32);
  std::string token(reinterpret_cast<char*>(encoded), length);
  for (char& c : token) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!token.empty() && token.back() == '=') token.pop_back();
  return token;
}

std::string NewId(std::string_view prefix) {
  return std::string(prefix) + RandomHex(8);
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         digest);
  return ToHex(digest, sizeof digest);
}

}  // namespace hazegate
