#include "hazegate/config/plan_settings.h"

#include "hazegate/core/store.h"

namespace hazegate {

using nlohmann::json;

json PlanSetting(ReadTx& tx, const std::string& key) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query =
      lease.Prepare("SELECT value FROM plan_settings WHERE key = ?");
  query.bind(1, key);
  return query.executeStep() ? json::parse(query.getColumn(0).getString())
                             : json(nullptr);
}

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

AckWindows::AckWindows(ReadTx& tx)
    : windows_(PlanSetting(tx, "ack_windows_s")) {}

TimePoint AckWindows::Due(const std::string& kind,
                          std::optional<int64_t> override_s,
                          TimePoint now) const {
  // An agency without a window of its own has the units' (plan check).
  const std::string own =
      kind == "agency" && windows_.is_object() && !windows_.contains(kind)
          ? "unit"
          : kind;
  const int64_t window =
      override_s ? *override_s
                 : (windows_.is_object() ? windows_.value(own, int64_t{3600})
                                         : int64_t{3600});
  return now + std::chrono::seconds(window);
}

}  // namespace hazegate
