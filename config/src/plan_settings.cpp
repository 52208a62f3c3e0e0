#include "hazegate/config/plan_settings.h"

#include <nlohmann/json.hpp>

#include "hazegate/core/store.h"

namespace hazegate {

using nlohmann::json;

namespace {

// A plan setting (JSON) by key, or null.
json Setting(ReadTx& tx, const std::string& key) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query =
      lease.Prepare("SELECT value FROM plan_settings WHERE key = ?");
  query.bind(1, key);
  return query.executeStep() ? json::parse(query.getColumn(0).getString())
                             : json(nullptr);
}

std::map<std::string, NoticeText> NoticesByLevel(const json& by_level) {
  std::map<std::string, NoticeText> notices;
  if (!by_level.is_object()) return notices;
  for (const auto& [level, notice] : by_level.items()) {
    if (!notice.is_object()) continue;
    notices[level] = {notice.value("title", ""), notice.value("body", "")};
  }
  return notices;
}

std::vector<std::string> Strings(const json& rule, const char* key) {
  std::vector<std::string> list;
  const auto found = rule.find(key);
  if (found == rule.end() || !found->is_array()) return list;
  for (const json& item : *found) {
    if (item.is_string()) list.push_back(item.get<std::string>());
  }
  return list;
}

FigureSpec FigureFrom(const json& figure) {
  FigureSpec spec{figure.value("name", ""), figure.value("unit", ""),
                  std::nullopt};
  if (figure.contains("max") && figure["max"].is_number()) {
    spec.max = figure["max"].get<double>();
  }
  return spec;
}

ReportingRule RuleFrom(const json& rule) {
  ReportingRule r;
  r.id = rule.value("id", "");
  r.schedule = rule.value("schedule", r.schedule);
  const std::string at = rule.value("at", "14:00");
  r.at_minutes = std::stoi(at.substr(0, 2)) * 60 + std::stoi(at.substr(3, 2));
  r.within_h = rule.value("within_h", r.within_h);
  r.escalate_after_h = rule.value("escalate_after_h", r.escalate_after_h);
  r.title = rule.value("title", r.title);
  for (const json& figure : rule.value("figures", json::array())) {
    r.figures.push_back(FigureFrom(figure));
  }
  r.orgs = Strings(rule, "orgs");
  r.kinds = Strings(rule, "kinds");
  if (rule.contains("levels")) r.levels = Strings(rule, "levels");
  return r;
}

}  // namespace

std::string FirstOrg(ReadTx& tx, const std::string& kind,
                     const std::string& area) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT id FROM orgs WHERE kind = ?1 AND (?2 = '' OR area = ?2) "
      "ORDER BY seq LIMIT 1");
  query.bind(1, kind);
  query.bind(2, area);
  return query.executeStep() ? query.getColumn(0).getString() : "";
}

AckWindows::AckWindows(ReadTx& tx) {
  const json windows = Setting(tx, "ack_windows_s");
  if (!windows.is_object()) return;
  windows_.emplace();
  for (const auto& [kind, seconds] : windows.items()) {
    if (seconds.is_number_integer()) (*windows_)[kind] = seconds.get<int64_t>();
  }
}

TimePoint AckWindows::Due(const std::string& kind,
                          std::optional<int64_t> override_s,
                          TimePoint now) const {
  int64_t window = 3600;
  if (override_s) {
    window = *override_s;
  } else if (windows_) {
    // An agency without a window of its own has the units' (plan check).
    const bool own = windows_->contains(kind);
    const auto found = windows_->find(kind == "agency" && !own ? "unit" : kind);
    if (found != windows_->end()) window = found->second;
  }
  return now + std::chrono::seconds(window);
}

PlanNotices::PlanNotices(ReadTx& tx)
    : areas_(NoticesByLevel(Setting(tx, "area_notices"))) {
  const json schools = Setting(tx, "school_notices");
  if (!schools.is_object()) return;
  for (const auto& [stage, by_level] : schools.items()) {
    schools_[stage] = NoticesByLevel(by_level);
  }
}

std::optional<NoticeText> PlanNotices::ForArea(const std::string& level) const {
  const auto found = areas_.find(level);
  if (found == areas_.end()) return std::nullopt;
  return found->second;
}

std::optional<NoticeText> PlanNotices::ForSchool(
    const std::string& stage, const std::string& level) const {
  const auto by_level = schools_.find(stage);
  if (by_level == schools_.end()) return std::nullopt;
  const auto found = by_level->second.find(level);
  if (found == by_level->second.end()) return std::nullopt;
  return found->second;
}

SmsTemplate SmsTemplateOf(ReadTx& tx) {
  SmsTemplate sms;
  const json setting = Setting(tx, "sms");
  if (!setting.is_object()) return sms;
  sms.signature = setting.value("signature", sms.signature);
  sms.text = setting.value("template", sms.text);
  return sms;
}

std::vector<ReportingRule> ReportingRulesOf(ReadTx& tx) {
  std::vector<ReportingRule> rules;
  const json setting = Setting(tx, "reporting");
  if (!setting.is_array()) return rules;
  for (const json& rule : setting) {
    if (rule.is_object()) rules.push_back(RuleFrom(rule));
  }
  return rules;
}

std::map<std::string, PublicAdvice> PublicAdviceOf(ReadTx& tx) {
  std::map<std::string, PublicAdvice> advice;
  const json setting = Setting(tx, "public_advice");
  if (!setting.is_object()) return advice;
  for (const auto& [level, texts] : setting.items()) {
    if (!texts.is_object()) continue;
    advice[level] = {texts.value("health", ""), texts.value("schools", ""),
                     texts.value("public", "")};
  }
  return advice;
}

std::string DisciplineCommissionOf(ReadTx& tx) {
  const json setting = Setting(tx, "discipline_commission");
  return setting.is_string() ? setting.get<std::string>() : "";
}

std::optional<int> DailyBulletinAt(ReadTx& tx) {
  const json setting = Setting(tx, "bulletin");
  if (!setting.is_object() || !setting.contains("daily_at")) {
    return std::nullopt;
  }
  const std::string at = setting.at("daily_at").get<std::string>();
  return std::stoi(at.substr(0, 2)) * 60 + std::stoi(at.substr(3, 2));
}

std::map<std::string, double> ReductionTargets(ReadTx& tx) {
  std::map<std::string, double> targets;
  const json setting = Setting(tx, "reduction_targets_pct");
  if (!setting.is_object()) return targets;
  for (const auto& [level, pct] : setting.items()) {
    if (pct.is_number()) targets[level] = pct.get<double>();
  }
  return targets;
}

}  // namespace hazegate
