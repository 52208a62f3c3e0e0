// Replays every file of the fuzz corpora (tests/fuzz/corpus/<target>/: the
// seeds and every input a fuzzer once crashed on) through the fuzzed entry
// points, so that a fixed finding stays fixed in the normal suite.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fuzz_entries.h"
#include "support.h"

namespace hazegate {
namespace {

namespace fs = std::filesystem;

size_t Replay(const std::string& target,
              void (*entry)(const uint8_t*, size_t)) {
  const fs::path dir =
      fs::path(HAZEGATE_SOURCE_DIR) / "tests/fuzz/corpus" / target;
  size_t files = 0;
  for (const auto& file : fs::directory_iterator(dir)) {
    std::ifstream in(file.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    const std::string input = bytes.str();
    entry(reinterpret_cast<const uint8_t*>(input.data()), input.size());
    ++files;
  }
  return files;
}

TEST(FuzzCorpus, PlanValidator) { EXPECT_GT(Replay("plan", fuzz::Plan), 0u); }
TEST(FuzzCorpus, CsvImporter) { EXPECT_GT(Replay("csv", fuzz::Csv), 0u); }
TEST(FuzzCorpus, InspectionParts) {
  EXPECT_GT(Replay("inspection", fuzz::Inspection), 0u);
}
TEST(FuzzCorpus, AckPayload) { EXPECT_GT(Replay("ack", fuzz::Ack), 0u); }

}  // namespace
}  // namespace hazegate
