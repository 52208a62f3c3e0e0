// The plan's settings (table plan_settings, written by the plan loader),
// typed, and the directory reads the fan-out, escalations and reminders
// need. Call with the caller's transaction; not thread-safe beyond it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/tx.h"

namespace hazegate {

// The first org of `kind` in the plan's order, within `area` unless it is
// ""; "" if none.
std::string FirstOrg(ReadTx& tx, const std::string& kind,
                     const std::string& area);

// The plan's acknowledgement windows by recipient kind, read once.
class AckWindows {
 public:
  explicit AckWindows(ReadTx& tx);

  // `now` plus the window for an org of `kind`, or `override_s` when set.
  // An agency without a window of its own has the units'.
  TimePoint Due(const std::string& kind, std::optional<int64_t> override_s,
                TimePoint now) const;

 private:
  std::optional<std::map<std::string, int64_t>> windows_;  // none: no plan
};

// A notice's text for one level ("" where the plan leaves it out).
struct NoticeText {
  std::string title, body;
};

// The plan's notices to areas (area_notices) and schools (school_notices,
// by school stage), read once.
class PlanNotices {
 public:
  explicit PlanNotices(ReadTx& tx);

  std::optional<NoticeText> ForArea(const std::string& level) const;
  std::optional<NoticeText> ForSchool(const std::string& stage,
                                      const std::string& level) const;

 private:
  std::map<std::string, NoticeText> areas_;  // by level
  std::map<std::string, std::map<std::string, NoticeText>> schools_;
};

// One figure of a report's template.
struct FigureSpec {
  std::string name, unit;
  std::optional<double> max;  // else 10^9
};

// A rule of the plan's reporting schedule (docs/plan.md), defaults filled.
struct ReportingRule {
  std::string id;
  std::string schedule = "after_order";  // or "daily"
  int at_minutes = 14 * 60;              // daily: local (Beijing) time of day
  int within_h = 24;                     // after_order: hours after the order
  int escalate_after_h = 2;  // missing this long: escalated to the office
  std::string title = "落实情况报告";
  std::vector<FigureSpec> figures;  // the report's template
  std::vector<std::string> orgs, kinds;
  std::optional<std::vector<std::string>> levels;  // none: every level
};

// The plan's reporting schedule in its order.
std::vector<ReportingRule> ReportingRulesOf(ReadTx& tx);

// The plan's SMS (contract v3 §5, docs/sms.md): the sender's signature,
// which Chinese operators require of a government sender, and the approved
// template, whose {title}, {deadline}, {link} and {code} each appear once.
struct SmsTemplate {
  std::string signature;  // 【…】; "" if the plan has none
  std::string text = "{title}，{deadline}前确认：{link} 回复{code}确认收到";
};

// The plan's `sms`, defaults where it leaves them out.
SmsTemplate SmsTemplateOf(ReadTx& tx);

// The placeholders a template must hold.
inline constexpr const char* kSmsPlaceholders[] = {"{title}", "{deadline}",
                                                   "{link}", "{code}"};

// What the public is told for a level (public_advice, issue 22): 卫健委's
// health advice, the schools' measures, what everyone is asked to do.
struct PublicAdvice {
  std::string health, schools, everyone;
};

// The plan's public_advice by level (none, yellow, orange, red); a level
// it leaves out has empty texts.
std::map<std::string, PublicAdvice> PublicAdviceOf(ReadTx& tx);

// The plan's discipline_commission (issue 23): the org (州纪委监委) whose
// accounts act on accountability leads; "" if none.
std::string DisciplineCommissionOf(ReadTx& tx);

// The plan's bulletin.daily_at (issue 23) in minutes after Beijing
// midnight: when the daily bulletin compiles itself; none if not set.
std::optional<int> DailyBulletinAt(ReadTx& tx);

// The plan's reduction_targets_pct by level (config/reduction.h's
// TargetPct fills in the national ones).
std::map<std::string, double> ReductionTargets(ReadTx& tx);

}  // namespace hazegate
