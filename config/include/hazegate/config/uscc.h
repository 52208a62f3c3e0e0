// The unified social credit code (统一社会信用代码, GB 32100-2015): 18
// characters from "0-9A-Y" without I O S V Z, the last a check character.
#pragma once

#include <optional>
#include <string_view>

namespace hazegate {

// The check character for the first 17 characters; nullopt if any of them is
// outside the code's alphabet or the length is not 17.
std::optional<char> UsccCheckCharacter(std::string_view first17);

// True for 18 valid characters whose last one is the right check character.
bool IsValidUscc(std::string_view code);

}  // namespace hazegate
