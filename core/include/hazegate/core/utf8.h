// UTF-8 validation for text that reaches JSON, SQLite or a client. Pure
// functions; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace hazegate {

// The offset of the first byte that is not part of well-formed UTF-8
// (no overlong forms, no surrogates, at most U+10FFFF), or npos.
size_t FirstInvalidUtf8(std::string_view text);

// The offset of the first character of well-formed UTF-8 `text` that is a
// control character or that XML 1.0 cannot carry (C0 but tab, line feed and
// carriage return; DEL; C1; U+FFFE, U+FFFF), or npos. Such text would make
// CAP XML malformed or hide in what a person reads.
size_t FirstControlCharacter(std::string_view text);

// How many UTF-16 code units well-formed UTF-8 `text` takes (an SMS in
// UCS-2 counts them: 70 in one message, 67 in each part of a longer one).
size_t Utf16Units(std::string_view text);

// The longest prefix of well-formed UTF-8 `text` that takes at most
// `units` UTF-16 code units (never cutting a character).
std::string_view Utf16Prefix(std::string_view text, size_t units);

inline bool IsValidUtf8(std::string_view text) {
  return FirstInvalidUtf8(text) == std::string_view::npos;
}

}  // namespace hazegate
