#include "hazegate/oversight/season.h"

#include <algorithm>
#include <cstdio>

#include "hazegate/config/directory.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/json.h"
#include "hazegate/core/markup.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/order_store.h"

namespace hazegate {

namespace {

using internal::EscapeMarkup;
using Interval = std::pair<int64_t, int64_t>;

// The union's length of `intervals`, in days.
double UnionDays(std::vector<Interval> intervals) {
  std::sort(intervals.begin(), intervals.end());
  int64_t total = 0, start = 0, end = -1;
  for (const auto& [a, b] : intervals) {
    if (a > end) {
      total += std::max<int64_t>(0, end - start);
      start = a;
      end = b;
    } else {
      end = std::max(end, b);
    }
  }
  total += std::max<int64_t>(0, end - start);
  return static_cast<double>(total) / 86400;
}

// Real warnings in force at some time in [from, to): levels, areas, days.
void Warnings(ReadTx& tx, int64_t from, int64_t to, Season* season) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT level, areas, activated_at, ifnull(closed_at, ?2) FROM "
      "warnings_view WHERE NOT exercise AND activated_at IS NOT NULL AND "
      "activated_at < ?2 AND ifnull(closed_at, ?2) > ?1");
  query.bind(1, from);
  query.bind(2, to);
  std::map<std::string, std::vector<Interval>> spans;
  while (query.executeStep()) {
    const std::string level = query.getColumn(0).getString();
    const int64_t activated = query.getColumn(2).getInt64();
    if (activated >= from) ++season->warnings_by_level[level];
    const Interval span{std::max(activated, from),
                        std::min(query.getColumn(3).getInt64(), to)};
    const auto codes = nlohmann::json::parse(query.getColumn(1).getString())
                           .get<std::vector<std::string>>();
    for (const std::string& area : CoveredAreas(tx, codes)) {
      if (activated >= from) ++season->areas[area].warnings[level];
      spans[area].push_back(span);
    }
  }
  for (auto& [area, intervals] : spans) {
    season->areas[area].days_under_warning = UnionDays(std::move(intervals));
  }
}

void Forecasts(ReadTx& tx, int64_t from, int64_t to, Season* season) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT count(*), (SELECT count(*) FROM (SELECT DISTINCT d.area, "
      "d.date FROM forecast_days_view d JOIN forecasts_view f ON f.seq = "
      "d.forecast_seq WHERE f.issued_at >= ?1 AND f.issued_at < ?2 AND "
      "d.aqi > 200)) FROM forecasts_view WHERE issued_at >= ?1 AND "
      "issued_at < ?2");
  query.bind(1, from);
  query.bind(2, to);
  query.executeStep();
  season->forecasts = query.getColumn(0).getInt64();
  season->forecast_days_over_200 = query.getColumn(1).getInt64();
}

void OnTimeByKind(ReadTx& tx, int64_t from, int64_t to, Season* season) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT o.kind, count(*), total(o.acked_at <= o.ack_due_at) FROM "
      "orders_view o JOIN warnings_view w ON w.id = o.warning_id WHERE NOT "
      "w.exercise AND w.activated_at >= ?1 AND w.activated_at < ?2 AND "
      "o.kind IN ('enterprise_measures', 'school_notice', 'site_measures', "
      "'unit_task', 'area_notice') AND (o.acked_at IS NOT NULL OR "
      "o.ack_due_at <= ifnull(w.closed_at, ?2)) GROUP BY o.kind");
  query.bind(1, from);
  query.bind(2, to);
  while (query.executeStep()) {
    season->on_time[query.getColumn(0).getString()] = {
        query.getColumn(1).getInt64(),
        static_cast<int64_t>(query.getColumn(2).getDouble())};
  }
}

void Offenders(ReadTx& tx, int64_t from, int64_t to, Season* season) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT i.site, g.name, count(*) FROM inspections_view i JOIN "
      "orgs_view g ON g.id = i.site WHERE g.kind = 'enterprise' AND "
      "i.verdict = 'non_compliant' AND i.captured_at >= ?1 AND i.captured_at "
      "< ?2 GROUP BY i.site HAVING count(*) >= 2 ORDER BY count(*) DESC, "
      "i.site LIMIT 100");
  query.bind(1, from);
  query.bind(2, to);
  while (query.executeStep()) {
    season->repeat_non_compliant.push_back({query.getColumn(0).getString(),
                                            query.getColumn(1).getString(),
                                            query.getColumn(2).getInt64()});
  }
}

void Drills(ReadTx& tx, int64_t from, int64_t to, Season* season) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT id, ifnull(exercise_name, ''), activated_at FROM warnings_view "
      "WHERE exercise AND activated_at >= ?1 AND activated_at < ?2 ORDER BY "
      "activated_at");
  query.bind(1, from);
  query.bind(2, to);
  while (query.executeStep()) {
    season->drills.push_back({query.getColumn(0).getString(),
                              query.getColumn(1).getString(),
                              FromUnixSeconds(query.getColumn(2).getInt64())});
  }
}

std::string Day(TimePoint t) { return FormatRfc3339(t).substr(0, 10); }

std::string Cell(const std::string& text) { return "<td>" + text + "</td>"; }

}  // namespace

SeasonService::SeasonService(Store& store) : store_(store) {}

Result<Season> SeasonService::Season(TimePoint from, TimePoint to) const {
  if (to <= from || to - from > std::chrono::hours(24 * 400)) {
    return Error::InvalidField("to", "must be after from, within 400 days");
  }
  try {
    ReadTx tx(store_);
    hazegate::Season season;
    season.from = from;
    season.to = to;
    const int64_t a = ToUnixSeconds(from), b = ToUnixSeconds(to);
    Warnings(tx, a, b, &season);
    Forecasts(tx, a, b, &season);
    OnTimeByKind(tx, a, b, &season);
    Offenders(tx, a, b, &season);
    Drills(tx, a, b, &season);
    return season;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("season: ") + e.what());
  }
}

Result<std::string> SeasonService::SeasonHtml(TimePoint from,
                                              TimePoint to) const {
  auto season = Season(from, to);
  if (!season.ok()) return season.error();
  const hazegate::Season& s = season.value();
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">"
      "\n<title>重污染天气应对季度总结</title>\n<style>@page{size:A4;margin:"
      "16mm 14mm}body{font-family:\"Noto Sans CJK SC\",sans-serif;font-size:"
      "10.5pt;max-width:182mm;margin:0 auto}h1{font-size:16pt;text-align:"
      "center}h2{font-size:12pt;border-left:3pt solid #b3261e;padding-left:"
      "2mm}table{width:100%;border-collapse:collapse}th,td{border:.6pt solid "
      "#777;padding:1mm 1.6mm;text-align:left}th{background:#eee}</style>\n"
      "</head>\n<body>\n<h1>重污染天气应对总结（" +
      Day(s.from) + " 至 " + Day(s.to) +
      "）</h1>\n<h2>一、预警发布</h2>\n<table>"
      "<tr><th>区域</th><th>黄色</th><th>橙色</th><th>红色</th><th>预警天数"
      "</th></tr>\n";
  for (const auto& [area, a] : s.areas) {
    char days[32];
    std::snprintf(days, sizeof days, "%.1f", a.days_under_warning);
    const auto& warnings = a.warnings;
    const auto n = [&warnings](const char* level) {
      const auto it = warnings.find(level);
      return std::to_string(it == warnings.end() ? 0 : it->second);
    };
    html += "<tr>" + Cell(EscapeMarkup(area)) + Cell(n("yellow")) +
            Cell(n("orange")) + Cell(n("red")) + Cell(days) + "</tr>\n";
  }
  html += "</table>\n<p>收到预报 " + std::to_string(s.forecasts) +
          " 份，预报 AQI 超过 200 的区域·日 " +
          std::to_string(s.forecast_days_over_200) +
          " 个。</p>\n"
          "<h2>二、指令按时确认</h2>\n<table><tr><th>指令类别</th><th>指令数"
          "</th><th>按时确认</th></tr>\n";
  for (const auto& [kind, t] : s.on_time) {
    html += "<tr>" + Cell(EscapeMarkup(kind)) + Cell(std::to_string(t.orders)) +
            Cell(std::to_string(t.on_time)) + "</tr>\n";
  }
  html += "</table>\n<h2>三、多次检查不合规的企业</h2>\n<ul>\n";
  for (const RepeatOffender& r : s.repeat_non_compliant) {
    html += "<li>" + EscapeMarkup(r.name) + "：" +
            std::to_string(r.non_compliant) + " 次</li>\n";
  }
  html += "</ul>\n<h2>四、应急演练</h2>\n<ul>\n";
  for (const SeasonDrill& d : s.drills) {
    html += "<li>" + Day(d.at) + " " +
            EscapeMarkup(d.name.empty() ? "重污染天气应急演练" : d.name) +
            "</li>\n";
  }
  return html + "</ul>\n</body>\n</html>\n";
}

}  // namespace hazegate
