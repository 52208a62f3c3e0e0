#include "hazegate/config/contacts.h"

namespace hazegate {

std::optional<std::string> ChinaMobile(std::string_view text) {
  std::string digits;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (!(c == ' ' || c == '-' || (c == '+' && i == 0))) {
      return std::nullopt;
    }
  }
  if (text.starts_with("+") && !digits.starts_with("86")) return std::nullopt;
  if (digits.size() == 13 && digits.starts_with("86")) digits.erase(0, 2);
  if (digits.size() != 11 || digits[0] != '1' || digits[1] < '3') {
    return std::nullopt;
  }
  return "+86" + digits;
}

}  // namespace hazegate
