// libFuzzer target: hazegate::fuzz::Csv (see fuzz_entries.h).
#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  hazegate::fuzz::Csv(data, size);
  return 0;
}
