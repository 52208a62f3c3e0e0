#include "hazegate/oversight/press.h"

#include <algorithm>

#include "hazegate/config/plan_settings.h"
#include "hazegate/config/public_info.h"
#include "hazegate/core/ids.h"
#include "hazegate/core/json.h"
#include "hazegate/core/store.h"
#include "hazegate/core/text_field.h"
#include "hazegate/orders/order_store.h"
#include "hazegate/warnings/warning_rows.h"

namespace hazegate {

namespace {

// A warning the public may be told of: sent, and not a drill.
Status Pressable(const std::optional<Warning>& w, const std::string& id) {
  if (!w) return Error::NotFound("warning " + id);
  if (w->exercise) return Error::Conflict("a drill is not for the press");
  if (!w->activated_at) {
    return Error::Conflict("the warning is " + w->status + ", never in force");
  }
  return Ok{};
}

void Replace(std::string& text, const std::string& key,
             const std::string& value) {
  const std::string token = "{" + key + "}";
  for (size_t at = text.find(token); at != std::string::npos;
       at = text.find(token, at + value.size())) {
    text.replace(at, token.size(), value);
  }
}

std::string AreaNames(ReadTx& tx, const std::vector<std::string>& codes) {
  SQLite::Statement& query =
      Store::LeaseOf(tx).Prepare("SELECT name FROM areas_view WHERE code = ?");
  std::string names;
  for (const std::string& code : codes) {
    query.reset();
    query.bind(1, code);
    names += (names.empty() ? "" : "、") +
             (query.executeStep() ? query.getColumn(0).getString() : code);
  }
  return names;
}

// 向N家企业下达减排指令、… from the warning's orders by kind.
std::string Measures(ReadTx& tx, const std::string& warning_id) {
  static const std::vector<std::pair<std::string, std::string>> kWords = {
      {"enterprise_measures", "家企业落实应急减排措施"},
      {"site_measures", "个工地落实停工或抑尘措施"},
      {"school_notice", "所学校调整户外活动和教学安排"},
      {"unit_task", "个成员单位和工作组落实部门职责"},
      {"area_notice", "个县市、园区启动相应级别响应"}};
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT kind, count(DISTINCT org) FROM orders_view WHERE warning_id = ? "
      "GROUP BY kind");
  query.bind(1, warning_id);
  std::map<std::string, int64_t> by_kind;
  while (query.executeStep()) {
    by_kind[query.getColumn(0).getString()] = query.getColumn(1).getInt64();
  }
  std::string text;
  for (const auto& [kind, words] : kWords) {
    if (by_kind[kind] == 0) continue;
    text +=
        (text.empty() ? "全州" : "，") + std::to_string(by_kind[kind]) + words;
  }
  return text.empty() ? "各有关单位按预案落实应急措施" : text;
}

std::optional<PressRelease> Latest(ReadTx& tx, const std::string& id) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT id, title, text, published_by, published_at FROM "
      "press_releases WHERE warning_id = ? ORDER BY seq DESC LIMIT 1");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  return PressRelease{query.getColumn(0).getString(),
                      id,
                      query.getColumn(1).getString(),
                      query.getColumn(2).getString(),
                      query.getColumn(3).getString(),
                      FromUnixSeconds(query.getColumn(4).getInt64())};
}

}  // namespace

PressService::PressService(Store& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Result<PressDraft> PressService::Draft(const std::string& id) const {
  try {
    ReadTx tx(store_);
    const auto w = internal::LoadWarning(tx, id);
    if (Status ok = Pressable(w, id); !ok.ok()) return ok.error();
    const PressTemplate press = PressTemplateOf(tx);
    const auto advice = PublicAdviceOf(tx);
    const PublicAdvice texts =
        advice.contains(w->level) ? advice.at(w->level) : PublicAdvice{};
    const std::string start = FormatRfc3339(w->starts_at);
    const std::map<std::string, std::string> values = {
        {"headline", w->headline},
        {"level", internal::LevelName(w->level)},
        {"areas", AreaNames(tx, w->areas)},
        {"start", start.substr(0, 4) + "年" + start.substr(5, 2) + "月" +
                      start.substr(8, 2) + "日" + start.substr(11, 5)},
        {"measures", Measures(tx, id)},
        {"health", texts.health},
        {"schools", texts.schools},
        {"public", texts.everyone},
        {"office", PublicInfoOf(tx).sender_name}};
    PressDraft draft{press.title, press.body, Latest(tx, id)};
    for (const auto& [key, value] : values) {
      Replace(draft.title, key, value);
      Replace(draft.text, key, value);
    }
    return draft;
  } catch (const std::exception& e) {
    return Error::Internal("press draft of " + id + ": " + e.what());
  }
}

Result<PressRelease> PressService::Publish(const std::string& id,
                                           const std::string& title,
                                           const std::string& text,
                                           const Actor& actor, bool office) {
  if (Status ok = CheckTextField("title", title, 200); !ok.ok())
    return ok.error();
  if (Status ok = CheckTextField("text", text, 8000); !ok.ok())
    return ok.error();
  try {
    WriteTx tx(store_);
    const auto w = internal::LoadWarning(tx, id);
    if (Status ok = Pressable(w, id); !ok.ok()) return ok.error();
    const auto publishers = PressTemplateOf(tx).publishers;
    if (!office && std::find(publishers.begin(), publishers.end(), actor.org) ==
                       publishers.end()) {
      return Error::Forbidden("only the office and the plan's publishers");
    }
    const PressRelease release{NewId("prs-"),  id,          title, text,
                               actor.username, clock_.Now()};
    SQLite::Statement& insert = Store::LeaseOf(tx).Prepare(
        "INSERT INTO press_releases (id, warning_id, title, text, "
        "published_by, published_at) VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, release.id);
    insert.bind(2, id);
    insert.bind(3, title);
    insert.bind(4, text);
    insert.bind(5, actor.username);
    insert.bind(6, ToUnixSeconds(release.at));
    insert.exec();
    RecordAudit(tx,
                {actor.username, "warning.press_release", "warning", id,
                 nlohmann::json{{"release", release.id}}.dump()},
                release.at);
    tx.Commit();
    return release;
  } catch (const std::exception& e) {
    return Error::Internal("publishing the press release of " + id + ": " +
                           e.what());
  }
}

Result<PressRelease> PressService::Published(const std::string& id) const {
  try {
    ReadTx tx(store_);
    const auto w = internal::LoadWarning(tx, id);
    if (!w || w->exercise) return Error::NotFound("press release of " + id);
    auto latest = Latest(tx, id);
    if (!latest) return Error::NotFound("press release of " + id);
    return *latest;
  } catch (const std::exception& e) {
    return Error::Internal("press release of " + id + ": " + e.what());
  }
}

}  // namespace hazegate
