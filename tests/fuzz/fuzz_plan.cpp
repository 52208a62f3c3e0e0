// libFuzzer target: hazegate::fuzz::Plan (see fuzz_entries.h).
#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  hazegate::fuzz::Plan(data, size);
  return 0;
}
