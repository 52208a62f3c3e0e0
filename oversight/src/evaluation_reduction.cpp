#include <cmath>
#include <nlohmann/json.hpp>

#include "evaluation_parts.h"
#include "hazegate/config/directory.h"
#include "hazegate/config/reduction.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/order_store.h"
#include "hazegate/warnings/warning_rows.h"

namespace hazegate::internal {

using nlohmann::json;

namespace {

double Rounded(double t_per_d) { return std::round(t_per_d * 1000) / 1000; }

Emissions CoveredBaseline(ReadTx& tx, const Warning& row,
                          const std::string& area) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT details FROM orgs_view WHERE kind = 'enterprise' AND area IN "
      "(SELECT value FROM json_each(?1)) AND (?2 = '' OR area = ?2)");
  query.bind(1, json(CoveredAreas(tx, row.areas)).dump());
  query.bind(2, area);
  Emissions baseline;
  while (query.executeStep()) {
    baseline += Baseline(EmissionsOf(query.getColumn(0).getString()));
  }
  return baseline;
}

}  // namespace

ReductionAccount AccountReductions(ReadTx& tx, const Warning& row,
                                   const std::string& area) {
  Store::Lease& lease = Store::LeaseOf(tx);
  const Emissions baseline = CoveredBaseline(tx, row, area);
  Emissions planned, acknowledged, verified, in_doubt;
  // From the enterprises (a thousand or two) to their orders: the warning's
  // orders are mostly schools' (CROSS JOIN keeps SQLite from scanning them).
  SQLite::Statement& query = lease.Prepare(
      "SELECT o.measures, g.details, o.acked_at IS NOT NULL, EXISTS (SELECT 1 "
      "FROM inspections_view i WHERE i.site = o.org AND i.warning_id = ?1 AND "
      "i.verdict = 'compliant'), EXISTS (SELECT 1 FROM inspections_view i "
      "WHERE "
      "i.site = o.org AND i.warning_id = ?1 AND i.verdict = 'non_compliant') "
      "FROM orgs_view g CROSS JOIN orders_view o ON o.org = g.id WHERE g.kind "
      "= "
      "'enterprise' AND o.warning_id = ?1 AND o.kind = 'enterprise_measures' "
      "AND (?2 = '' OR g.area = ?2)");
  query.bind(1, row.id);
  query.bind(2, area);
  while (query.executeStep()) {
    const Emissions cut =
        Reduction(MeasuresOf(query.getColumn(0).getString()),
                  EmissionsOf(query.getColumn(1).getString()));
    const bool acked = query.getColumn(2).getInt() != 0;
    const bool compliant = query.getColumn(3).getInt() != 0;
    const bool violated = query.getColumn(4).getInt() != 0;
    planned += cut;
    if (acked) acknowledged += cut;
    if (compliant && !violated) verified += cut;
    if (!acked || violated) in_doubt += cut;
  }
  const double target = TargetPct(ReductionTargets(tx), row.level);
  ReductionAccount account;
  for (size_t i = 0; i < kPollutants.size(); ++i) {
    const double base = baseline.t_per_d[i];
    PollutantAccount& p = account.pollutants[i];
    p.baseline_t_per_d = Rounded(base);
    p.planned = Rounded(planned.t_per_d[i]);
    p.acknowledged = Rounded(acknowledged.t_per_d[i]);
    p.verified = Rounded(verified.t_per_d[i]);
    p.in_doubt = Rounded(in_doubt.t_per_d[i]);
    p.target_pct = target;
    if (base > 0)
      p.planned_pct = std::round(1000 * planned.t_per_d[i] / base) / 10;
  }
  return account;
}

}  // namespace hazegate::internal
