// Text for XML and HTML documents (CAP, summary.html): & < > " escaped.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace hazegate::internal {

inline std::string EscapeMarkup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace hazegate::internal
