// The printable pages' common parts (summary.html, the bulletins): the A4
// style, table rows, and the Chinese names of kinds, events and
// pollutants. Pure but PlanAreas, which reads in the caller's transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/tx.h"

namespace hazegate::internal {

// The pages' stylesheet: A4, Chinese fonts, tables, level colours.
extern const char* const kPageStyle;

// Cell text: escaped markup, an integer, a number to three figures.
std::string Text(const std::string& value);
std::string Text(int64_t value);
std::string Text(double value);
// "" as a dash.
std::string TextOrDash(const std::string& value);

// 2026-12-01T08:00:00+08:00 as "2026-12-01 08:00"; none as a dash.
std::string When(const std::optional<TimePoint>& at);

// `names`' label for `key` (the key itself if none), escaped.
std::string Named(const std::map<std::string, std::string>& names,
                  const std::string& key);

// A table row: header cells, or a label then figures (right-aligned unless
// `text`).
std::string Row(const std::vector<std::string>& cells, bool header = false,
                bool text = false);

// Org kinds (企业 …), their order on a page, timeline events, pollutants.
extern const std::map<std::string, std::string> kKinds;
extern const std::vector<std::string> kKindOrder;
extern const std::map<std::string, std::string> kEvents;
extern const std::map<std::string, std::string> kPollutantNames;

// The plan's areas: codes in the plan's order, and their names.
struct Areas {
  std::vector<std::string> codes;
  std::map<std::string, std::string> names;
};
Areas PlanAreas(ReadTx& tx);

}  // namespace hazegate::internal
