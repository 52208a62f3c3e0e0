#include "hazegate/config/uscc.h"

#include <array>

namespace hazegate {

namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                          29, 25, 13, 8,  24, 10, 30, 28};

}  // namespace

std::optional<char> UsccCheckCharacter(std::string_view first17) {
  if (first17.size() != 17) return std::nullopt;
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    const size_t value = kAlphabet.find(first17[i]);
    if (value == std::string_view::npos) return std::nullopt;
    sum += static_cast<int>(value) * kWeights[i];
  }
  const int check = (31 - sum % 31) % 31;
  return kAlphabet[check];
}

bool IsValidUscc(std::string_view code) {
  if (code.size() != 18) return false;
  const auto expected = UsccCheckCharacter(code.substr(0, 17));
  return expected && *expected == code[17];
}

}  // namespace hazegate
