// The fuzzed entry points, shared by the libFuzzer targets (fuzz_*.cpp) and
// the regression test that replays every corpus file in the normal suite.
// Each returns normally or aborts when an invariant is broken.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hazegate::fuzz {

void Plan(const uint8_t* data, size_t size);        // JSON -> ValidatePlan
void Csv(const uint8_t* data, size_t size);         // the reduction list
void Inspection(const uint8_t* data, size_t size);  // multipart parts
void Ack(const uint8_t* data, size_t size);         // "topic\npayload"

}  // namespace hazegate::fuzz
