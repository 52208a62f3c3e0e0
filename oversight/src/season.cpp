#include "hazegate/oversight/season.h"

#include <algorithm>
#include <cstdio>

#include "hazegate/config/directory.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/json.h"
#include "hazegate/core/markup.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/order_store.h"
#include "hazegate/orders/order_tallies.h"
#include "page_parts.h"

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
      std::string("SELECT strftime('%Y-%m', w.activated_at + ?3, "
                  "'unixepoch'), o.kind, count(*), total(o.acked_at <= "
                  "o.ack_due_at) FROM orders_view o JOIN warnings_view w ON "
                  "w.id = o.warning_id WHERE NOT w.exercise AND "
                  "w.activated_at >= ?1 AND w.activated_at < ?2 AND ") +
      internal::kRecipientOrders +
      " AND (o.acked_at IS NOT NULL OR o.ack_due_at <= ifnull(w.closed_at, "
      "?2)) GROUP BY 1, 2");
  query.bind(1, from);
  query.bind(2, to);
  query.bind(3, int64_t{kBeijingOffsetMinutes} * 60);  // months in Beijing
  while (query.executeStep()) {
    const std::string kind = query.getColumn(1).getString();
    const OnTime counts{query.getColumn(2).getInt64(),
                        static_cast<int64_t>(query.getColumn(3).getDouble())};
    season->on_time_by_month[query.getColumn(0).getString()][kind] = counts;
    OnTime& total = season->on_time[kind];
    total.orders += counts.orders;
    total.on_time += counts.on_time;
  }
}

// The leads found in [from, to) by body, the most first.
void Bodies(ReadTx& tx, int64_t from, int64_t to, Season* season) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT l.org, ifnull(g.name, l.org), l.kind, count(*), sum(count(*)) "
      "OVER (PARTITION BY l.org) AS n FROM accountability_leads l LEFT JOIN "
      "orgs_view g ON g.id = l.org WHERE l.found_at >= ?1 AND l.found_at < ?2 "
      "GROUP BY l.org, l.kind ORDER BY n DESC, l.org");
  query.bind(1, from);
  query.bind(2, to);
  while (query.executeStep()) {
    const std::string org = query.getColumn(0).getString();
    auto& bodies = season->bodies_by_failures;
    if (bodies.empty() || bodies.back().org != org) {
      if (bodies.size() == 20) break;
      bodies.push_back({org, query.getColumn(1).getString(), 0, {}});
    }
    const int64_t n = query.getColumn(3).getInt64();
    bodies.back().by_kind[query.getColumn(2).getString()] = n;
    bodies.back().leads += n;
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

const std::map<std::string, std::string> kOrderKinds = {
    {"enterprise_measures", "企业减排措施"},
    {"school_notice", "学校通知"},
    {"site_measures", "工地管控措施"},
    {"unit_task", "成员单位任务"},
    {"area_notice", "县市、园区响应通知"}};
const std::map<std::string, std::string> kLeadKinds = {
    {"no_ack", "未按时确认指令"},
    {"escalation_unhandled", "督办未处理"},
    {"report_missing", "未报送落实情况"},
    {"report_late", "迟报落实情况"},
    {"rectification_overdue", "整改逾期未办结"}};

std::string Pct(const OnTime& t) {
  if (t.orders == 0) return "—";
  char text[32];
  std::snprintf(
      text, sizeof text, "%.1f%%",
      100.0 * static_cast<double>(t.on_time) / static_cast<double>(t.orders));
  return text;
}

std::string WarningsPart(const Season& s, const internal::Areas& areas) {
  using internal::Row;
  std::string html = "<h2>一、预警发布</h2>\n<table>\n" +
                     Row({"区域", "黄色", "橙色", "红色", "预警天数"}, true);
  for (const auto& [area, a] : s.areas) {
    const auto& warnings = a.warnings;
    const auto n = [&warnings](const char* level) {
      const auto it = warnings.find(level);
      return std::to_string(it == warnings.end() ? 0 : it->second);
    };
    char days[32];
    std::snprintf(days, sizeof days, "%.1f", a.days_under_warning);
    html += Row({internal::Named(areas.names, area), n("yellow"), n("orange"),
                 n("red"), days});
  }
  return html + "</table>\n<p>收到预报 " + std::to_string(s.forecasts) +
         " 份，预报 AQI 超过 200 的区域·日 " +
         std::to_string(s.forecast_days_over_200) + " 个。</p>\n";
}

std::string OnTimePart(const Season& s) {
  using internal::Row;
  std::string html = "<h2>二、指令按时确认</h2>\n<table>\n" +
                     Row({"指令类别", "指令数", "按时确认", "按时率"}, true);
  for (const auto& [kind, t] : s.on_time) {
    html += Row({internal::Named(kOrderKinds, kind), std::to_string(t.orders),
                 std::to_string(t.on_time), Pct(t)});
  }
  html += "</table>\n<table>\n" + Row({"月份", "指令数", "按时率"}, true);
  for (const auto& [month, kinds] : s.on_time_by_month) {
    OnTime all;
    for (const auto& [kind, t] : kinds) {
      all.orders += t.orders;
      all.on_time += t.on_time;
    }
    html += Row({month, std::to_string(all.orders), Pct(all)});
  }
  return html + "</table>\n";
}

std::string FailuresPart(const Season& s) {
  using internal::Row;
  std::string html = "<h2>三、履职问题较多的单位（问责线索）</h2>\n";
  if (s.bodies_by_failures.empty())
    html += "<p>无。</p>\n";
  else
    html += "<table>\n" + Row({"单位", "线索数", "问题"}, true);
  for (const BodyFailures& b : s.bodies_by_failures) {
    std::string kinds;
    for (const auto& [kind, n] : b.by_kind) {
      kinds += (kinds.empty() ? "" : "；") + internal::Named(kLeadKinds, kind) +
               " " + std::to_string(n);
    }
    html += Row({EscapeMarkup(b.name), std::to_string(b.leads), kinds});
  }
  if (!s.bodies_by_failures.empty()) html += "</table>\n";
  html += "<h2>四、多次检查不合规的企业</h2>\n";
  if (s.repeat_non_compliant.empty())
    html += "<p>无。</p>\n";
  else
    html += "<table>\n" + Row({"企业", "不合规次数"}, true);
  for (const RepeatOffender& r : s.repeat_non_compliant) {
    html += Row({EscapeMarkup(r.name), std::to_string(r.non_compliant)});
  }
  return html + (s.repeat_non_compliant.empty() ? "" : "</table>\n");
}

std::string SeasonPage(const Season& s, const internal::Areas& areas) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta "
      "charset=\"utf-8\">\n<title>重污染天气应对总结</title>\n<style>" +
      std::string(internal::kPageStyle) +
      "</style>\n</head>\n<body>\n<h1>重污染天气应对总结</h1>\n<p "
      "class=\"meta\">" +
      Day(s.from) + " 至 " + Day(s.to) + "</p>\n" + WarningsPart(s, areas) +
      OnTimePart(s) + FailuresPart(s) + "<h2>五、应急演练</h2>\n<ul>\n";
  for (const SeasonDrill& d : s.drills) {
    html += "<li>" + Day(d.at) + " " +
            EscapeMarkup(d.name.empty() ? "重污染天气应急演练" : d.name) +
            "</li>\n";
  }
  return html + (s.drills.empty() ? "<li>无</li>\n" : "") +
         "</ul>\n<footer>由 hazegate 生成</footer>\n</body>\n</html>\n";
}

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
    Bodies(tx, a, b, &season);
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
  try {
    ReadTx tx(store_);
    return SeasonPage(season.value(), internal::PlanAreas(tx));
  } catch (const std::exception& e) {
    return Error::Internal(std::string("season page: ") + e.what());
  }
}

}  // namespace hazegate
