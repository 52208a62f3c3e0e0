// The plan's public_info (issue 22, docs/plan.md): who the public alerts
// are from and where to learn more, as CAP aggregators require — the CAP
// sender and senderName, the public page, the duty phone, the rolling expiry
// of an open-ended warning, and a circle per area. Parsed and validated
// here, stored by the plan loader; plain values, safe to copy.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hazegate/config/plan.h"
#include "hazegate/core/tx.h"

namespace hazegate {

// A circle around an area: CAP's "lat,lon radius_km".
struct AreaCircle {
  double lat = 0, lon = 0, radius_km = 0;
};

struct PublicInfo {
  std::string identifier_prefix;  // before each CAP identifier ("urn:…:")
  std::string sender = "hazegate@652300";  // CAP sender: no spaces, commas
  std::string sender_name = "重污染天气应急指挥部";
  std::string feed_title = "重污染天气预警";
  std::string web;      // the public page, "" = none
  std::string contact;  // the duty phone, "" = none
  int expires_h = 24;   // an open-ended warning's message expires after this
  std::map<std::string, AreaCircle> circles;  // by area code
};

// The plan's press_release: the 通稿 template the console drafts from, and
// the orgs (besides the office) whose accounts publish it (宣传部).
// Placeholders: {headline} {level} {areas} {start} {measures} {health}
// {schools} {public} {office}.
struct PressTemplate {
  std::string title = "{areas}启动重污染天气{level}预警";
  std::string body =
      "根据空气质量预报和会商研判结果，{office}于{start}对{areas}发布"
      "重污染天气{level}预警，启动相应级别应急响应。\n\n预警期间，{measures}"
      "。\n\n健康提示：{health}"
      "\n学校：{schools}\n公众：{public}"
      "\n\n如发现违法排污行为，请拨打12369举报。";
  std::vector<std::string> publishers;  // org ids
};

// Checks the plan's press_release: title and body (1-4,000 bytes, only
// known placeholders), publishers (orgs of the plan, `orgs`).
void CheckPressTemplate(const nlohmann::json& section,
                        const std::vector<std::string>& orgs,
                        std::vector<PlanIssue>* issues);

PressTemplate PressTemplateOf(ReadTx& tx);

// Checks `section` (the plan's public_info): appends issues under
// /public_info; `areas` are the plan's area codes.
void CheckPublicInfo(const nlohmann::json& section,
                     const std::vector<std::string>& areas,
                     std::vector<PlanIssue>* issues);

// As stored by the last plan loaded; the defaults above where it said
// nothing.
PublicInfo PublicInfoOf(ReadTx& tx);

// What the public pages read of the plan (its version, areas, advice,
// public_info, notices, press template), as one string that changes when
// any of it does: for the snapshots' fingerprints.
std::string PublicPlanFingerprint(ReadTx& tx);

}  // namespace hazegate
