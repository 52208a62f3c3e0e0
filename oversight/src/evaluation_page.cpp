#include <cstdio>
#include <map>
#include <vector>

#include "evaluation_parts.h"
#include "hazegate/config/reduction.h"
#include "hazegate/core/markup.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/order_store.h"
#include "page_parts.h"

namespace hazegate::internal {

using internal::OrderCounts;

namespace {

std::string Minutes(const std::optional<int64_t>& seconds) {
  if (!seconds) return "—";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f 分钟",
                static_cast<double>(*seconds) / 60);
  return text;
}

const std::map<std::string, std::string> kFlags = {
    {"outside_geofence", "定位超出电子围栏"},
    {"exif_location_mismatch", "照片位置与上报位置不符"},
    {"exif_time_mismatch", "照片时间与上报时间不符"},
    {"outside_warning_period", "检查时间不在预警期内"},
    {"photo_reused", "照片重复使用"}};
const std::map<std::string, std::string> kStatus = {{"proposed", "待批准"},
                                                    {"active", "生效中"},
                                                    {"rejected", "已否决"},
                                                    {"lifted", "已解除"},
                                                    {"superseded", "已调整"}};

// One row per key of `tallies`, in the order of `keys` (`names` label them).
std::string OrderTable(const std::map<std::string, OrderCounts>& tallies,
                       const std::string& by,
                       const std::vector<std::string>& keys,
                       const std::map<std::string, std::string>& names) {
  std::string html = "<table>\n" + Row({by, "总数", "已送达", "已接收",
                                        "已确认", "按时确认", "逾期", "已取消"},
                                       true);
  for (const std::string& key : keys) {
    const auto it = tallies.find(key);
    if (it == tallies.end()) continue;
    const OrderCounts& t = it->second;
    html += Row({Named(names, key), Text(t.total), Text(t.delivered),
                 Text(t.received), Text(t.acknowledged), Text(t.on_time),
                 Text(t.overdue), Text(t.canceled)});
  }
  return html + "</table>\n";
}

// How the orders reached their orgs, by channel.
std::string ReachTable(const internal::OrderReach& r) {
  return "<table>\n" +
         Row({"设备实时接收", "网页接收", "短信已发", "短信已达", "短信失败",
              "已触达", "应用确认", "网页确认", "短信回复确认"},
             true) +
         Row({Text(r.live), Text(r.https), Text(r.sms_sent),
              Text(r.sms_delivered), Text(r.sms_failed), Text(r.reached),
              Text(r.acked_app), Text(r.acked_https), Text(r.acked_sms)},
             false, false) +
         "</table>\n";
}

std::string Header(const Warning& w,
                   const std::map<std::string, std::string>& areas) {
  std::string area_names;
  for (const std::string& code : w.areas) {
    if (!area_names.empty()) area_names += "、";
    area_names += Named(areas, code);
  }
  const std::string& level = w.level;
  const std::string drill =
      w.exercise ? "<p class=\"drill\">演练 · " + TextOrDash(w.exercise_name) +
                       " · 本次为应急演练，非真实预警</p>\n"
                 : "";
  return drill + "<h1>" + (w.exercise ? "【演练】" : "") +
         "重污染天气<span class=\"level-" + level + "\">" + LevelName(level) +
         "</span>预警应急响应总结评估</h1>\n<p class=\"meta\">" + area_names +
         " · 预警编号 " + Text(w.id) + "</p>\n<table>\n" +
         Row({"预警级别", LevelName(level) + "预警"}, false, true) +
         Row({"范围", area_names}, false, true) +
         Row({"状态", Named(kStatus, w.status)}, false, true) +
         Row({"开始时间", When(w.starts_at)}, false, true) +
         Row({"生效时间", When(w.activated_at)}, false, true) +
         Row({"结束时间", When(w.closed_at)}, false, true) +
         Row({"发布原因", Text(w.reason)}, false, true) +
         Row({"研判会商结论", TextOrDash(w.consultation_conclusion)}, false,
             true) +
         Row({"解除或调整原因", TextOrDash(w.close_reason)}, false, true) +
         "</table>\n";
}

std::string Timeline(const std::vector<TimelineEvent>& timeline) {
  std::string html = "<h2>一、响应过程</h2>\n<table>\n" +
                     Row({"时间", "事件", "操作人"}, true);
  for (const TimelineEvent& e : timeline) {
    html += Row({When(e.at), Named(kEvents, e.event), e.by ? Text(*e.by) : "—"},
                false, true);
  }
  return html + "</table>\n";
}

std::string Reports(const ReportTally& r) {
  std::string html =
      "<h2>三、落实情况报告</h2>\n<table>\n" +
      Row({"", "应报未到期", "按时报送", "迟报", "未报", "共收到报告"}, true) +
      Row({"份数", Text(r.due), Text(r.received), Text(r.late), Text(r.missing),
           Text(r.filed)}) +
      "</table>\n";
  if (r.figures.empty()) return html;
  html += "<table>\n" + Row({"报告数据（合计）", "数值"}, true);
  for (const auto& [name, value] : r.figures) {
    html += Row({EscapeMarkup(name), Text(value)});
  }
  return html + "</table>\n";
}

std::string Inspections(const InspectionTally& i, const CaseTally& c) {
  std::string html = "<h2>四、现场检查与案件</h2>\n<table>\n" +
                     Row({"", "检查总数", "合规", "不合规", "立案", "结案",
                          "处罚", "移送追责"},
                         true) +
                     Row({"数量", Text(i.total), Text(i.compliant),
                          Text(i.non_compliant), Text(c.opened), Text(c.closed),
                          Text(c.penalized), Text(c.referred)}) +
                     "</table>\n";
  if (i.flags.empty()) return html;
  html += "<table>\n" + Row({"证据疑点", "次数"}, true);
  for (const auto& [flag, count] : i.flags) {
    html += Row({Named(kFlags, flag), Text(count)});
  }
  return html + "</table>\n";
}

std::string ReductionTable(const ReductionAccount& reduction) {
  std::string html = "<h2>五、污染物减排核算（吨/日）</h2>\n<table>\n" +
                     Row({"污染物", "基准排放", "计划减排", "已确认", "已核实",
                          "存疑", "计划减排比例", "目标"},
                         true);
  for (size_t i = 0; i < kPollutants.size(); ++i) {
    const PollutantAccount& p = reduction.pollutants[i];
    const std::string pct = p.planned_pct ? Text(*p.planned_pct) + "%" : "—";
    html +=
        Row({Named(kPollutantNames, kPollutants[i]), Text(p.baseline_t_per_d),
             Text(p.planned), Text(p.acknowledged), Text(p.verified),
             Text(p.in_doubt), pct, Text(p.target_pct) + "%"});
  }
  return html + "</table>\n";
}

std::string Seconds(const std::optional<int64_t>& seconds) {
  return Minutes(seconds);
}

// 六: the stages drills are judged by (two to a row), the notices answered
// and the findings for the plan's revision; compact, so that the page stays
// two A4 sheets.
std::string Stages(const StageTimings& s,
                   const std::vector<NoticeAnswer>& notices) {
  char pct[64] = "—";
  if (s.on_time_pct) {
    std::snprintf(pct, sizeof pct, "%.1f%%（%lld/%lld）", *s.on_time_pct,
                  static_cast<long long>(s.on_time),
                  static_cast<long long>(s.orders));
  }
  std::string answered;
  for (const NoticeAnswer& a : notices) {
    answered += (answered.empty() ? "" : "；") + Text(a.document_no) + " " +
                Seconds(a.response_s) + (a.on_time ? "（按时）" : "（超时）");
  }
  return "<h2>六、各环节用时与发现的问题</h2>\n<table>\n" +
         Row({"研判会商 → 提出", Seconds(s.consultation_to_proposal),
              "提出 → 审批发布", Seconds(s.to_approval)},
             false, true) +
         Row({"发布 → 最后送达", Seconds(s.to_last_delivery), "发布 → 最后确认",
              Seconds(s.to_last_ack)},
             false, true) +
         Row({"发布 → 首次检查", Seconds(s.to_first_inspection), "发布 → 解除",
              Seconds(s.in_force)},
             false, true) +
         Row({"按时确认率", pct, "区域预警通知",
              answered.empty() ? "—" : answered},
             false, true) +
         "</table>\n";
}

std::string Findings(const std::vector<Finding>& findings) {
  if (findings.empty()) return "<p>发现的问题：尚未记录。</p>\n";
  std::string html = "<ol>\n";
  for (const Finding& f : findings) {
    html += "<li>" + Text(f.text) + "（" + Text(f.by) + "，" + When(f.at) +
            "）</li>\n";
  }
  return html + "</ol>\n";
}

}  // namespace

std::string SummaryPage(ReadTx& tx, const Summary& summary) {
  const Areas areas = PlanAreas(tx);
  const AckLatency& latency = summary.ack_latency_s;
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta "
      "charset=\"utf-8\">\n<title>预警应急响应总结评估 " +
      Text(summary.warning.id) + "</title>\n<style>" + kPageStyle +
      "</style>\n</head>\n<body>\n" + Header(summary.warning, areas.names) +
      Timeline(summary.timeline) + "<h2>二、指令送达与确认</h2>\n" +
      OrderTable(summary.orders.by_kind, "对象类型", kKindOrder, kKinds) +
      OrderTable(summary.orders.by_area, "区域", areas.codes, areas.names) +
      ReachTable(summary.orders.reach) + "<table>\n" +
      Row({"确认用时（中位数）", "确认用时（90%）", "最长"}, true) +
      "<tr><td>" + Minutes(latency.p50) + "</td><td>" + Minutes(latency.p90) +
      "</td><td>" + Minutes(latency.max) + "</td></tr>\n</table>\n" +
      Reports(summary.reports) +
      Inspections(summary.inspections, summary.cases) +
      ReductionTable(summary.reduction) +
      Stages(summary.stages, summary.regional_notices) +
      Findings(summary.findings) +
      "<footer>昌吉州重污染天气应急指挥部办公室 · 由 hazegate 生成</footer>\n"
      "</body>\n</html>\n";
  return html;
}

}  // namespace hazegate::internal
