// AssignmentService::Suggestions: which sites are most worth a visit.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "hazegate/config/directory.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/store.h"
#include "hazegate/inspection/assignments.h"

namespace hazegate {

namespace {

using nlohmann::json;

// One row per enterprise or site in the warning's covered areas (?2, a JSON
// array from CoveredAreas), with the facts the score is made of.
constexpr const char* kCandidates = R"sql(
SELECT o.id, o.name, o.kind, o.area, json_extract(o.details, '$.grade'),
  (SELECT count(*) FROM orders_view r WHERE r.org = o.id AND r.warning_id = ?1
     AND r.status = 'overdue'),
  (SELECT count(*) FROM orders_view r WHERE r.org = o.id AND r.warning_id = ?1
     AND r.status IN ('pending', 'delivered', 'received')
     AND r.kind IN ('enterprise_measures', 'site_measures')),
  (SELECT count(*) FROM inspections i WHERE i.site = o.id
     AND i.verdict = 'non_compliant'),
  (SELECT count(*) FROM cases c WHERE c.site = o.id AND c.status != 'closed'),
  (SELECT count(*) FROM inspections i WHERE i.site = o.id
     AND i.warning_id = ?1)
FROM orgs_view o
WHERE o.kind IN ('enterprise', 'site')
  AND o.area IN (SELECT value FROM json_each(?2))
)sql";

SiteSuggestion Score(SQLite::Statement& row) {
  SiteSuggestion c;
  auto add = [&](int points, const std::string& reason) {
    c.score += points;
    c.reasons.push_back(reason);
  };
  const std::string grade = TextOrEmpty(row.getColumn(4));
  const int overdue = row.getColumn(5).getInt();
  const int unacked = row.getColumn(6).getInt();
  const int violations = row.getColumn(7).getInt();
  const int open_cases = row.getColumn(8).getInt();
  const int inspected = row.getColumn(9).getInt();
  // Reasons are the console's text (Chinese), read by the office as is.
  const auto n = [](int count) { return std::to_string(count); };
  if (overdue > 0) add(4 * overdue, "指令超时未确认（" + n(overdue) + "条）");
  if (unacked > 0) add(2 * unacked, "指令尚未确认（" + n(unacked) + "条）");
  if (grade == "D") add(3, "绩效分级D级");
  if (grade == "C") add(2, "绩效分级C级");
  if (violations > 0) {
    add(2 * std::min(violations, 3), "曾有违法记录" + n(violations) + "次");
  }
  if (open_cases > 0) add(3 * open_cases, "未结案件" + n(open_cases) + "件");
  if (inspected > 0 && c.score > 0) {
    add(-2, "本次预警已检查" + n(inspected) + "次");
  }
  c.site = row.getColumn(0).getString();
  c.name = row.getColumn(1).getString();
  c.kind = row.getColumn(2).getString();
  c.area = row.getColumn(3).getString();
  c.grade = grade;
  return c;
}

}  // namespace

Result<std::vector<SiteSuggestion>> AssignmentService::Suggestions(
    const std::string& warning_id, int limit) const {
  ReadTx tx(store_);
  Store::Lease& lease = Store::LeaseOf(tx);
  try {
    SQLite::Statement& warning =
        lease.Prepare("SELECT areas FROM warnings_view WHERE id = ?");
    warning.bind(1, warning_id);
    if (!warning.executeStep()) {
      return Error::NotFound("warning " + warning_id);
    }
    const json areas = json::parse(warning.getColumn(0).getString());
    const json covered =
        CoveredAreas(tx, areas.get<std::vector<std::string>>());
    SQLite::Statement& query = lease.Prepare(kCandidates);
    query.bind(1, warning_id);
    query.bind(2, covered.dump());
    std::vector<SiteSuggestion> ranked;
    while (query.executeStep()) {
      SiteSuggestion c = Score(query);
      if (c.score > 0) ranked.push_back(std::move(c));
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const SiteSuggestion& a, const SiteSuggestion& b) {
                       return a.score > b.score;
                     });
    if (ranked.size() > static_cast<size_t>(std::max(limit, 0))) {
      ranked.resize(static_cast<size_t>(std::max(limit, 0)));
    }
    return ranked;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("ranking sites: ") + e.what());
  }
}

}  // namespace hazegate
