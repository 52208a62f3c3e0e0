#include "hazegate/config/public_info.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

#include "hazegate/core/store.h"
#include "hazegate/core/utf8.h"

namespace hazegate {

using nlohmann::json;

namespace {

constexpr const char* kBase = "/public_info";

// CAP's sender and identifier may not hold spaces, commas, < or &.
bool CapToken(const std::string& text) {
  return !text.empty() && text.size() <= 200 &&
         text.find_first_of(" ,<&\t\r\n") == std::string::npos;
}

void Check(bool ok, const std::string& key, const char* message,
           std::vector<PlanIssue>* issues) {
  if (!ok) issues->push_back({std::string(kBase) + "/" + key, message});
}

bool Text(const json& section, const char* key, size_t max) {
  const auto it = section.find(key);
  return it == section.end() ||
         (it->is_string() && !it->get<std::string>().empty() &&
          it->get<std::string>().size() <= max &&
          FirstControlCharacter(it->get<std::string>()) == std::string::npos);
}

bool InRange(const json& value, double low, double high) {
  return value.is_number() && std::isfinite(value.get<double>()) &&
         value.get<double>() >= low && value.get<double>() <= high;
}

void CheckCircles(const json& circles, const std::vector<std::string>& areas,
                  std::vector<PlanIssue>* issues) {
  if (!circles.is_object()) {
    Check(false, "circles", "must be an object of area codes", issues);
    return;
  }
  for (const auto& [code, circle] : circles.items()) {
    const std::string key = "circles/" + code;
    if (std::find(areas.begin(), areas.end(), code) == areas.end()) {
      Check(false, key, "not an area of the plan", issues);
    } else if (!circle.is_object() ||
               !InRange(circle.value("lat", json()), -90, 90) ||
               !InRange(circle.value("lon", json()), -180, 180) ||
               !InRange(circle.value("radius_km", json()), 0.1, 1000)) {
      Check(false, key,
            "must be {lat: -90..90, lon: -180..180, radius_km: 0.1..1000}",
            issues);
    }
  }
}

}  // namespace

void CheckPublicInfo(const json& section, const std::vector<std::string>& areas,
                     std::vector<PlanIssue>* issues) {
  if (!section.is_object()) {
    issues->push_back({kBase, "must be an object"});
    return;
  }
  for (const auto& [key, value] : section.items()) {
    static const std::set<std::string> kKeys = {
        "identifier_prefix", "sender",    "sender_name", "feed_title", "web",
        "contact",           "expires_h", "circles"};
    Check(kKeys.contains(key), key, "unknown key", issues);
  }
  for (const char* key : {"identifier_prefix", "sender"}) {
    const auto it = section.find(key);
    Check(it == section.end() ||
              (it->is_string() && CapToken(it->get<std::string>())),
          key, "must be 1-200 bytes without spaces, commas, < or &", issues);
  }
  for (const char* key : {"sender_name", "feed_title", "contact"}) {
    Check(Text(section, key, 200), key, "must be text of 1-200 bytes", issues);
  }
  const auto web = section.find("web");
  Check(web == section.end() ||
            (web->is_string() &&
             std::regex_match(web->get<std::string>(),
                              std::regex(R"(https?://[^\s<>"]{1,500})"))),
        "web", "must be an http(s) URL", issues);
  const auto expires = section.find("expires_h");
  Check(expires == section.end() ||
            (expires->is_number_integer() && expires->get<int>() >= 2 &&
             expires->get<int>() <= 168),
        "expires_h", "must be a whole number of hours from 2 to 168", issues);
  if (section.contains("circles")) {
    CheckCircles(section.at("circles"), areas, issues);
  }
}

void CheckPressTemplate(const json& section,
                        const std::vector<std::string>& orgs,
                        std::vector<PlanIssue>* issues) {
  const std::string base = "/press_release";
  if (!section.is_object()) {
    issues->push_back({base, "must be an object"});
    return;
  }
  static const std::regex placeholder(R"(\{([a-z]+)\})");
  static const std::set<std::string> kKnown = {
      "headline", "level",   "areas",  "start", "measures",
      "health",   "schools", "public", "office"};
  for (const char* key : {"title", "body"}) {
    if (!section.contains(key)) continue;
    if (!Text(section, key, 4000)) {
      issues->push_back({base + "/" + key, "must be text of 1-4000 bytes"});
      continue;
    }
    const std::string text = section.at(key).get<std::string>();
    for (std::sregex_iterator it(text.begin(), text.end(), placeholder), end;
         it != end; ++it) {
      if (!kKnown.contains((*it)[1])) {
        issues->push_back(
            {base + "/" + key, "unknown placeholder {" + (*it)[1].str() + "}"});
      }
    }
  }
  const json publishers = section.value("publishers", json::array());
  if (!publishers.is_array()) {
    issues->push_back({base + "/publishers", "must be an array of org ids"});
    return;
  }
  for (size_t i = 0; i < publishers.size(); ++i) {
    const json& org = publishers[i];
    if (!org.is_string() || std::find(orgs.begin(), orgs.end(),
                                      org.get<std::string>()) == orgs.end()) {
      issues->push_back({base + "/publishers/" + std::to_string(i),
                         "not an org of the plan"});
    }
  }
}

PressTemplate PressTemplateOf(ReadTx& tx) {
  PressTemplate press;
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT value FROM plan_settings WHERE key = 'press_release'");
  if (!query.executeStep()) return press;
  const json section = json::parse(query.getColumn(0).getString());
  if (!section.is_object()) return press;
  press.title = section.value("title", press.title);
  press.body = section.value("body", press.body);
  press.publishers = section.value("publishers", std::vector<std::string>{});
  return press;
}

std::string PublicPlanFingerprint(ReadTx& tx) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT ifnull((SELECT group_concat(key || '=' || value, '|') FROM "
      "plan_settings WHERE key IN ('version', 'public_advice', "
      "'public_info', 'press_release', 'area_notices')), '') || '|' || "
      "ifnull((SELECT group_concat(code || name, ',') FROM areas), '')");
  query.executeStep();
  return query.getColumn(0).getString();
}

PublicInfo PublicInfoOf(ReadTx& tx) {
  PublicInfo info;
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT value FROM plan_settings WHERE key = 'public_info'");
  if (!query.executeStep()) return info;
  const json section = json::parse(query.getColumn(0).getString());
  if (!section.is_object()) return info;
  info.identifier_prefix = section.value("identifier_prefix", "");
  info.sender = section.value("sender", info.sender);
  info.sender_name = section.value("sender_name", info.sender_name);
  info.feed_title = section.value("feed_title", info.feed_title);
  info.web = section.value("web", "");
  info.contact = section.value("contact", "");
  info.expires_h = section.value("expires_h", info.expires_h);
  const json circles = section.value("circles", json::object());
  for (const auto& [code, c] : circles.items()) {
    info.circles[code] = {c.value("lat", 0.0), c.value("lon", 0.0),
                          c.value("radius_km", 0.0)};
  }
  return info;
}

}  // namespace hazegate
