#include <SQLiteCpp/Statement.h>

#include "hazegate/config/plan.h"
#include "hazegate/core/store.h"
#include "org_store.h"

namespace hazegate {

namespace {

using nlohmann::json;

void UpsertArea(SQLite::Database& db, const json& area) {
  SQLite::Statement upsert(
      db,
      "INSERT INTO areas (code, name, kind, parent, county) VALUES (?, ?, ?, "
      "?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
      "kind = excluded.kind, parent = excluded.parent, "
      "county = excluded.county");
  upsert.bind(1, area.at("code").get<std::string>());
  upsert.bind(2, area.at("name").get<std::string>());
  upsert.bind(3, area.at("kind").get<std::string>());
  const auto parent = area.find("parent");
  if (parent != area.end() && parent->is_string()) {
    upsert.bind(4, parent->get<std::string>());
  } else {
    upsert.bind(4);
  }
  const auto county = area.find("county");
  if (county != area.end() && county->is_string()) {
    upsert.bind(5, county->get<std::string>());
  } else {
    upsert.bind(5);
  }
  upsert.exec();
}

void PutSetting(SQLite::Database& db, const std::string& key,
                const json& value) {
  SQLite::Statement upsert(
      db,
      "INSERT INTO plan_settings (key, value) VALUES (?, ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  upsert.bind(1, key);
  upsert.bind(2, value.dump());
  upsert.exec();
}

Status StoreOrgs(WriteTx& tx, const json& orgs, TimePoint now) {
  for (size_t i = 0; i < orgs.size(); ++i) {
    Status stored = internal::UpsertOrg(tx, orgs[i], now);
    if (!stored.ok()) {
      Error error = stored.error();
      for (FieldError& field : error.fields) {
        field.field = "/orgs/" + std::to_string(i) + "/" + field.field;
      }
      return error;
    }
  }
  return Ok{};
}

}  // namespace

Status LoadPlan(Store& store, const json& plan, const std::string& actor,
                const Clock& clock) {
  const std::vector<PlanIssue> issues = ValidatePlan(plan);
  if (!issues.empty()) {
    std::vector<FieldError> fields;
    for (const PlanIssue& issue : issues) {
      fields.push_back({issue.pointer, issue.message});
    }
    return Error::Invalid("the plan has errors", std::move(fields));
  }
  const TimePoint now = clock.Now();
  try {
    WriteTx tx(store);
    SQLite::Database& db = Store::LeaseOf(tx).db();
    db.exec("PRAGMA defer_foreign_keys = ON");
    for (const json& area : plan.at("areas")) UpsertArea(db, area);
    Status orgs = StoreOrgs(tx, plan.at("orgs"), now);
    if (!orgs.ok()) return orgs;
    for (const char* key : {"name", "version", "ack_windows_s", "area_notices",
                            "school_notices"}) {
      PutSetting(db, key, plan.at(key));
    }
    PutSetting(db, "reporting", plan.value("reporting", json::array()));
    PutSetting(db, "sms", plan.value("sms", json::object()));
    PutSetting(db, "warning_rules", plan.value("warning_rules", json()));
    PutSetting(db, "public_info", plan.value("public_info", json::object()));
    PutSetting(db, "bulletin", plan.value("bulletin", json()));
    PutSetting(db, "discipline_commission",
               plan.value("discipline_commission", json()));
    PutSetting(db, "press_release",
               plan.value("press_release", json::object()));
    PutSetting(db, "public_advice",
               plan.value("public_advice", json::object()));
    PutSetting(db, "reduction_targets_pct",
               plan.value("reduction_targets_pct", json::object()));
    const json detail = {{"version", plan.at("version")},
                         {"areas", plan.at("areas").size()},
                         {"orgs", plan.at("orgs").size()}};
    RecordAudit(
        tx, {actor, "plan.load", "plan", plan.at("name"), detail.dump()}, now);
    tx.Commit();
  } catch (const std::exception& e) {
    return Error::Internal(std::string("loading the plan: ") + e.what());
  }
  return Ok{};
}

}  // namespace hazegate
