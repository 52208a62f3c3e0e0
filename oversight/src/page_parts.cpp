#include "page_parts.h"

#include <cstdio>

#include "hazegate/core/markup.h"
#include "hazegate/core/store.h"

namespace hazegate::internal {

const char* const kPageStyle = R"css(
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
  "Microsoft YaHei", sans-serif; font-size: 10.5pt; color: #111;
  line-height: 1.45; margin: 0 auto; max-width: 182mm; }
h1 { font-size: 17pt; text-align: center; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-left: 3pt solid #b3261e;
  padding-left: 2mm; }
p.meta { text-align: center; color: #444; margin: 0 0 4mm; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 2mm;
  page-break-inside: avoid; }
th, td { border: 0.6pt solid #777; padding: 1.2mm 1.6mm; text-align: left; }
th { background: #eee; font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.level-yellow { color: #8a6d00; } .level-orange { color: #b35900; }
.level-red { color: #b3261e; }
p.drill { border: 1.2pt solid #1d4ed8; color: #1d4ed8; font-weight: 600;
  text-align: center; padding: 1.5mm; margin: 0 0 3mm; }
footer { margin-top: 8mm; color: #555; font-size: 9pt; text-align: right; }
)css";

std::string Text(const std::string& value) { return EscapeMarkup(value); }
std::string Text(int64_t value) { return std::to_string(value); }
std::string Text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}
std::string TextOrDash(const std::string& value) {
  return value.empty() ? "—" : Text(value);
}
std::string When(const std::optional<TimePoint>& at) {
  if (!at) return "—";
  const std::string text = FormatRfc3339(*at);
  return text.substr(0, 10) + " " + text.substr(11, 5);
}

std::string Named(const std::map<std::string, std::string>& names,
                  const std::string& key) {
  const auto it = names.find(key);
  return EscapeMarkup(it == names.end() ? key : it->second);
}

std::string Row(const std::vector<std::string>& cells, bool header, bool text) {
  std::string row = "<tr>";
  for (size_t i = 0; i < cells.size(); ++i) {
    const bool number = !header && !text && i > 0;
    row += header ? "<th>" : (number ? "<td class=\"n\">" : "<td>");
    row += cells[i];
    row += header ? "</th>" : "</td>";
  }
  return row + "</tr>\n";
}

const std::map<std::string, std::string> kKinds = {
    {"enterprise", "企业"},    {"school", "学校"},
    {"site", "工地"},          {"unit", "成员单位"},
    {"agency", "协作单位"},    {"group", "专项工作组"},
    {"county", "县市、园区"},  {"command", "指挥部"},
    {"office", "指挥部办公室"}};
const std::vector<std::string> kKindOrder = {"enterprise", "school", "site",
                                             "county",     "unit",   "agency",
                                             "group",      "office", "command"};
const std::map<std::string, std::string> kEvents = {
    {"create", "发布或提出预警"},
    {"approve", "指挥部批准"},
    {"reject", "指挥部否决"},
    {"lift", "解除预警"},
    {"activated", "预警生效，指令下发"},
    {"superseded", "被调整后的预警替代"},
    {"consultation", "研判会商"},
    {"regional_notice", "自治区区域预警通知"},
    {"finding", "记录发现的问题"}};
const std::map<std::string, std::string> kPollutantNames = {
    {"so2", "二氧化硫"},
    {"nox", "氮氧化物"},
    {"pm", "颗粒物"},
    {"vocs", "挥发性有机物"}};

Areas PlanAreas(ReadTx& tx) {
  Store::Lease& lease = Store::LeaseOf(tx);
  Areas areas;
  SQLite::Statement& query =
      lease.Prepare("SELECT code, name FROM areas_view ORDER BY seq");
  while (query.executeStep()) {
    areas.codes.push_back(query.getColumn(0).getString());
    areas.names[areas.codes.back()] = query.getColumn(1).getString();
  }
  return areas;
}

}  // namespace hazegate::internal
