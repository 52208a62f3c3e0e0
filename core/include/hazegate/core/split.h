// Splitting text at a separator. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hazegate {

// `text` cut at every `by`, empty parts kept ("a,,b" → a, "", b; "" → "").
inline std::vector<std::string> SplitOn(std::string_view text, char by) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t at = text.find(by); at != std::string_view::npos;
       at = text.find(by, start)) {
    parts.emplace_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts.emplace_back(text.substr(start));
  return parts;
}

}  // namespace hazegate
