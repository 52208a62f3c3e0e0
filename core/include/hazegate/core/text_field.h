// A free-text field a person writes (notes, findings, releases, bulletins):
// well-formed UTF-8 of a bounded size without control characters (but tab
// and line breaks). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "hazegate/core/result.h"
#include "hazegate/core/utf8.h"

namespace hazegate {

// kInvalidInput naming `field` unless `text` is such text of 1 to
// `max_bytes` bytes (0 to `max_bytes` if `may_be_empty`).
inline Status CheckTextField(const std::string& field, std::string_view text,
                             size_t max_bytes, bool may_be_empty = false) {
  if ((text.empty() && !may_be_empty) || text.size() > max_bytes ||
      !IsValidUtf8(text) ||
      FirstControlCharacter(text) != std::string_view::npos) {
    return Error::InvalidField(
        field, std::string(may_be_empty ? "must be 0-" : "must be 1-") +
                   std::to_string(max_bytes) +
                   " bytes of UTF-8, no control characters");
  }
  return Ok{};
}

}  // namespace hazegate
