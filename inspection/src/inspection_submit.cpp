#include "inspection_submit.h"

#include <nlohmann/json.hpp>

#include "hazegate/core/columns.h"
#include "hazegate/core/store.h"

namespace hazegate::internal {

using nlohmann::json;

Result<InspectedSite> LoadSite(ReadTx& tx, const std::string& id) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT kind, name, area, details FROM orgs_view WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return Error::NotFound("site " + id);
  InspectedSite site{id,
                     query.getColumn(0).getString(),
                     query.getColumn(1).getString(),
                     query.getColumn(2).getString(),
                     std::nullopt,
                     0};
  if (site.kind != "enterprise" && site.kind != "site") {
    return Error::InvalidField(
        "report.site",
        "org " + id + " is a " + site.kind + ", not an enterprise or site");
  }
  const json details =
      json::parse(query.getColumn(3).getString(), nullptr, false);
  const auto location = details.find("location");
  if (location != details.end() && location->is_object() &&
      location->value("lat", json()).is_number() &&
      location->value("lon", json()).is_number()) {
    site.location = GeoPoint{(*location)["lat"].get<double>(),
                             (*location)["lon"].get<double>()};
  }
  site.geofence_m = details.value("geofence_m", 0.0);
  return site;
}

Result<std::optional<WarningPeriod>> LoadWarning(
    ReadTx& tx, const InspectionReport& report,
    const std::string& inspector_org) {
  Store::Lease& lease = Store::LeaseOf(tx);
  std::string warning_id = report.warning_id;
  if (!report.assignment_id.empty()) {
    // Another org's assignment reads as no assignment at all.
    SQLite::Statement& assignment = lease.Prepare(
        "SELECT warning_id FROM assignments WHERE id = ? AND inspector_org = "
        "?");
    assignment.bind(1, report.assignment_id);
    assignment.bind(2, inspector_org);
    if (!assignment.executeStep()) {
      return Error::InvalidField("report.assignment_id",
                                 "no assignment " + report.assignment_id);
    }
    const std::string assigned = assignment.getColumn(0).getString();
    if (!warning_id.empty() && warning_id != assigned) {
      return Error::InvalidField("report.assignment_id",
                                 "belongs to warning " + assigned);
    }
    warning_id = assigned;
  }
  if (warning_id.empty()) return std::optional<WarningPeriod>();
  SQLite::Statement& query = lease.Prepare(
      "SELECT status, starts_at, ends_at, closed_at FROM warnings_view "
      "WHERE id = ?");
  query.bind(1, warning_id);
  if (!query.executeStep()) {
    return Error::InvalidField("report.warning_id", "no warning " + warning_id);
  }
  WarningPeriod period{warning_id, query.getColumn(0).getString(),
                       FromUnixSeconds(query.getColumn(1).getInt64()),
                       OptionalTime(query.getColumn(3))};
  if (!period.ends_at) period.ends_at = OptionalTime(query.getColumn(2));
  return std::optional<WarningPeriod>(period);
}

Result<bool> MayInspect(ReadTx& tx, const std::string& inspector_org,
                        const InspectedSite& site) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query =
      lease.Prepare("SELECT kind, area FROM orgs_view WHERE id = ?");
  query.bind(1, inspector_org);
  if (!query.executeStep()) {
    return Error::Internal("the inspector's org " + inspector_org +
                           " is not in the plan");
  }
  return query.getColumn(0).getString() != "county" ||
         query.getColumn(1).getString() == site.area;
}

}  // namespace hazegate::internal
