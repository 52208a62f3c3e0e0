#include <cmath>
#include <cstdio>

#include "bulletin_parts.h"
#include "hazegate/config/csv.h"
#include "hazegate/core/markup.h"
#include "hazegate/orders/order_store.h"
#include "page_parts.h"

namespace hazegate::internal {

namespace {

constexpr const char* kBulletinStyle = R"css(
.masthead { text-align: center; color: #b3261e; font-size: 22pt;
  font-weight: 700; letter-spacing: 2pt; margin: 0 0 2mm; }
.docno { display: flex; justify-content: space-between; margin: 0 0 1mm; }
hr.red { border: 0; border-top: 1.6pt solid #b3261e; margin: 0 0 4mm; }
p.draft { border: 1.2pt dashed #b3261e; color: #b3261e; font-weight: 600;
  text-align: center; padding: 1.5mm; margin: 0 0 3mm; }
p.text { text-indent: 2em; margin: 0 0 2mm; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; }
dl.sign { display: grid; grid-template-columns: auto 1fr; gap: 1mm 4mm;
  margin-top: 6mm; font-size: 9.5pt; }
dl.sign dt { color: #444; } dl.sign dd { margin: 0; }
)css";

// n of m as "n（p%）".
std::string Rate(int64_t n, int64_t of) {
  if (of == 0) return "—";
  char text[48];
  std::snprintf(text, sizeof text, "%lld（%.1f%%）", static_cast<long long>(n),
                100.0 * static_cast<double>(n) / static_cast<double>(of));
  return text;
}

std::string Counts(const std::map<std::string, BulletinCounts>& counts,
                   const std::string& by, const std::vector<std::string>& keys,
                   const std::map<std::string, std::string>& names) {
  std::string html =
      "<table>\n" +
      Row({by, "指令数", "已接收", "已确认", "按时确认", "逾期"}, true);
  for (const std::string& key : keys) {
    const auto it = counts.find(key);
    if (it == counts.end()) continue;
    const BulletinCounts& c = it->second;
    html +=
        Row({Named(names, key), Text(c.total), Rate(c.received, c.total),
             Rate(c.acknowledged, c.total), Text(c.on_time), Text(c.overdue)});
  }
  return html + "</table>\n";
}

std::string Enterprises(const BulletinWarning& w) {
  std::string html =
      "<table>\n" +
      Row({"企业", "下达指令", "已确认落实", "现场核实落实"}, true);
  for (const auto& [key, label] :
       {std::pair{"stop", "停产"}, std::pair{"limit", "限产"}}) {
    const auto it = w.enterprises.find(key);
    const BulletinEnterprises e =
        it == w.enterprises.end() ? BulletinEnterprises{} : it->second;
    html += Row({label, Text(e.ordered), Rate(e.acknowledged, e.ordered),
                 Rate(e.verified, e.ordered)});
  }
  return html + "</table>\n";
}

std::string Oversight(const BulletinWarning& w) {
  return "<table>\n" +
         Row({"", "检查", "合规", "不合规", "立案", "结案", "处罚"}, true) +
         Row({"次数、件数", Text(w.inspections), Text(w.compliant),
              Text(w.non_compliant), Text(w.cases_opened), Text(w.cases_closed),
              Text(w.cases_penalized)}) +
         "</table>\n<table>\n" +
         Row({"落实情况报告", "应报未到期", "按时报送", "迟报", "未报"}, true) +
         Row({"份数", Text(w.reports_due), Text(w.reports_received),
              Text(w.reports_late), Text(w.reports_missing)}) +
         "</table>\n";
}

std::string Reduction(const BulletinWarning& w) {
  std::string html =
      "<table>\n" + Row({"污染物（吨/日）", "基准排放", "计划减排", "已确认",
                         "已核实", "核实减排比例", "目标"},
                        true);
  for (const auto& [key, p] : w.reduction) {
    const std::string pct =
        p.baseline_t_per_d > 0
            ? Text(std::round(1000 * p.verified / p.baseline_t_per_d) / 10) +
                  "%"
            : "—";
    html += Row({Named(kPollutantNames, key), Text(p.baseline_t_per_d),
                 Text(p.planned), Text(p.acknowledged), Text(p.verified), pct,
                 Text(p.target_pct) + "%"});
  }
  return html + "</table>\n";
}

std::string Events(const BulletinWarning& w) {
  if (w.events.empty()) return "<p>近24小时无重要事项。</p>\n";
  static const std::map<std::string, std::string> kCases = {
      {"case_inspection", "检查发现违法，立案"},
      {"case_no_ack", "企业未确认指令，立案"}};
  std::string html = "<table>\n" + Row({"时间", "事项", "对象或操作人"}, true);
  for (const BulletinEvent& e : w.events) {
    const auto named = kCases.contains(e.event) ? kCases : kEvents;
    html += Row(
        {When(ParseRfc3339(e.at)), Named(named, e.event), TextOrDash(e.detail)},
        false, true);
  }
  return html + "</table>\n";
}

std::string WarningSection(const BulletinWarning& w, int index,
                           const Areas& areas) {
  static const char* const kNumbers[] = {"二", "三", "四", "五", "六",
                                         "七", "八", "九", "十"};
  std::string names;
  for (const std::string& code : w.areas) {
    names += (names.empty() ? "" : "、") + Named(areas.names, code);
  }
  return "<h2>" + std::string(kNumbers[std::min(index, 8)]) + "、" +
         (w.exercise ? "【演练】" : "") + names + "<span class=\"level-" +
         w.level + "\">" + LevelName(w.level) + "</span>预警（" +
         When(ParseRfc3339(w.activated_at)) + " 生效，编号 " + Text(w.id) +
         "）</h2>\n<h3>（一）指令接收与确认</h3>\n" +
         Counts(w.by_kind, "对象类型", kKindOrder, kKinds) +
         Counts(w.by_area, "区域", areas.codes, areas.names) +
         "<h3>（二）企业停产限产</h3>\n" + Enterprises(w) +
         "<h3>（三）督导检查、案件与报告</h3>\n" + Oversight(w) +
         "<h3>（四）减排成效</h3>\n" + Reduction(w) +
         "<h3>（五）近24小时重要事项</h3>\n" + Events(w);
}

std::string Paragraphs(const std::string& text) {
  if (text.empty()) return "<p class=\"text\">（无）</p>\n";
  std::string html;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    if (end > start) {
      html += "<p class=\"text\">" + Text(text.substr(start, end - start)) +
              "</p>\n";
    }
    start = end + 1;
  }
  return html;
}

std::string Signature(const Bulletin& b) {
  std::string sent;
  for (const BulletinSending& s : b.sent) {
    sent += (sent.empty() ? "" : "；") + Text(s.to) + "（" + When(s.at) + "）";
  }
  return "<dl class=\"sign\"><dt>编制</dt><dd>" + Text(b.compiled_by) + " · " +
         When(b.compiled_at) + "</dd><dt>审核签发</dt><dd>" +
         (b.approved_by ? Text(*b.approved_by) + " · " + When(b.approved_at)
                        : "未审核") +
         "</dd><dt>报送</dt><dd>" + (sent.empty() ? "—" : sent) +
         "</dd></dl>\n";
}

}  // namespace

std::string BulletinPage(ReadTx& tx, const Bulletin& b,
                         const std::string& office) {
  const Areas areas = PlanAreas(tx);
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta "
      "charset=\"utf-8\">\n<title>" +
      Text(b.title) + "</title>\n<style>" + kPageStyle + kBulletinStyle +
      "</style>\n</head>\n<body>\n";
  if (b.status != "approved") {
    html += "<p class=\"draft\">草稿 · 未经审核签发，不得报送</p>\n";
  }
  html +=
      std::string("<p class=\"masthead\">") + BulletinKindName(b.kind) +
      "</p>\n<p class=\"docno\"><span>" + Text(office) + "</span><span>" +
      (b.number ? Text(*b.number) : "（未编号）") +
      (b.version > 1 ? " 第" + Text(int64_t{b.version}) + "版（更正）" : "") +
      "</span></p>\n<hr class=\"red\">\n<h1>" + Text(b.title) +
      "</h1>\n<p class=\"meta\">数据截至 " +
      When(ParseRfc3339(b.figures.as_of)) + "</p>\n<h2>一、总体情况</h2>\n" +
      Paragraphs(b.text);
  for (size_t i = 0; i < b.figures.warnings.size(); ++i) {
    html += WarningSection(b.figures.warnings[i], static_cast<int>(i), areas);
  }
  return html + Signature(b) + "<footer>" + Text(office) +
         " · 由 hazegate 生成</footer>\n"
         "</body>\n</html>\n";
}

namespace {

std::string Decimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

}  // namespace

std::string BulletinCsv(const Bulletin& b) {
  std::string csv = "\xEF\xBB\xBF" + CsvLine({"section", "warning_id", "key",
                                              "measure", "value"});
  const auto line = [&](const std::string& section, const std::string& id,
                        const std::string& key, const std::string& measure,
                        const std::string& value) {
    csv += CsvLine({CsvCell(section), CsvCell(id), CsvCell(key),
                    CsvCell(measure), CsvCell(value)});
  };
  for (const BulletinWarning& w : b.figures.warnings) {
    for (const auto& [section, counts] :
         {std::pair{"orders_by_kind", &w.by_kind},
          std::pair{"orders_by_area", &w.by_area}}) {
      for (const auto& [key, c] : *counts) {
        for (const auto& [measure, n] : {std::pair{"total", c.total},
                                         {"received", c.received},
                                         {"acknowledged", c.acknowledged},
                                         {"on_time", c.on_time},
                                         {"overdue", c.overdue}}) {
          line(section, w.id, key, measure, std::to_string(n));
        }
      }
    }
    for (const auto& [key, e] : w.enterprises) {
      for (const auto& [measure, n] : {std::pair{"ordered", e.ordered},
                                       {"acknowledged", e.acknowledged},
                                       {"verified", e.verified}}) {
        line("enterprises", w.id, key, measure, std::to_string(n));
      }
    }
    for (const auto& [measure, n] : {std::pair{"inspections", w.inspections},
                                     {"compliant", w.compliant},
                                     {"non_compliant", w.non_compliant},
                                     {"cases_opened", w.cases_opened},
                                     {"cases_closed", w.cases_closed},
                                     {"cases_penalized", w.cases_penalized},
                                     {"reports_due", w.reports_due},
                                     {"reports_received", w.reports_received},
                                     {"reports_late", w.reports_late},
                                     {"reports_missing", w.reports_missing}}) {
      line("oversight", w.id, "", measure, std::to_string(n));
    }
    for (const auto& [key, p] : w.reduction) {
      for (const auto& [measure, t] :
           {std::pair{"baseline_t_per_d", p.baseline_t_per_d},
            {"planned", p.planned},
            {"acknowledged", p.acknowledged},
            {"verified", p.verified},
            {"target_pct", p.target_pct}}) {
        line("reduction", w.id, key, measure, Decimal(t));
      }
    }
  }
  return csv;
}

}  // namespace hazegate::internal
