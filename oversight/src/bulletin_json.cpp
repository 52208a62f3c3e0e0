#include "hazegate/oversight/bulletin_json.h"

#include "hazegate/core/json.h"

namespace hazegate {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BulletinCounts, total, received,
                                   acknowledged, on_time, overdue)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BulletinEnterprises, ordered, acknowledged,
                                   verified)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BulletinPollutant, baseline_t_per_d, planned,
                                   acknowledged, verified, target_pct)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BulletinEvent, at, event, detail)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BulletinWarning, id, level, headline,
                                   activated_at, exercise, areas, by_kind,
                                   by_area, enterprises, inspections, compliant,
                                   non_compliant, cases_opened, cases_closed,
                                   cases_penalized, reports_due,
                                   reports_received, reports_late,
                                   reports_missing, reduction, events)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BulletinFigures, as_of, warnings)

using nlohmann::json;

json FiguresToJson(const BulletinFigures& figures) { return figures; }

BulletinFigures FiguresFromJson(const json& figures) {
  return figures.get<BulletinFigures>();
}

json BulletinToJson(const Bulletin& b, bool with_figures) {
  json sent = json::array();
  for (const BulletinSending& s : b.sent) {
    sent.push_back({{"to", s.to}, {"by", s.by}, {"at", FormatRfc3339(s.at)}});
  }
  json out = {
      {"id", b.id},
      {"series", b.series},
      {"kind", b.kind},
      {"warning_id", ValueOrNull(b.warning_id)},
      {"version", b.version},
      {"status", b.status},
      {"number", ValueOrNull(b.number)},
      {"title", b.title},
      {"text", b.text},
      {"compiled_at", FormatRfc3339(b.compiled_at)},
      {"compiled_by", b.compiled_by},
      {"approved_by", ValueOrNull(b.approved_by)},
      {"approved_at",
       b.approved_at ? json(FormatRfc3339(*b.approved_at)) : json(nullptr)},
      {"sent", sent}};
  if (with_figures) out["figures"] = FiguresToJson(b.figures);
  return out;
}

}  // namespace hazegate
