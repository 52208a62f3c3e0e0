// Accountability leads (问责线索, issue 23): read by the office, the command
// and the discipline commission (all), any other official body its own;
// acted on by the commission's accounts alone.
#include "handlers.h"
#include "hazegate/config/csv.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

json LeadToJson(const Lead& lead) {
  json evidence = json::object();
  if (!lead.evidence.order_ids.empty()) {
    evidence["order_ids"] = lead.evidence.order_ids;
  }
  if (!lead.evidence.report_due_ids.empty()) {
    evidence["report_due_ids"] = lead.evidence.report_due_ids;
  }
  if (!lead.evidence.case_ids.empty()) {
    evidence["case_ids"] = lead.evidence.case_ids;
  }
  json history = json::array();
  for (const LeadStep& s : lead.history) {
    history.push_back({{"status", s.status},
                       {"by", s.by},
                       {"at", FormatRfc3339(s.at)},
                       {"note", s.note}});
  }
  return {{"id", lead.id},
          {"org", lead.org},
          {"kind", lead.kind},
          {"warning_id", TextOrNull(lead.warning_id)},
          {"found_at", FormatRfc3339(lead.found_at)},
          {"evidence", evidence},
          {"status", lead.status},
          {"history", history}};
}

// The leads the caller may read under the query's filters.
Result<std::vector<Lead>> Readable(const HandlerDeps& deps,
                                   const RequestContext& ctx,
                                   const httplib::Request& req) {
  const Principal& caller = ctx.caller();
  auto commission = deps.accountability.IsCommission(caller.org);
  if (!commission.ok()) return commission.error();
  const bool everything = caller.role == Role::kOffice ||
                          caller.role == Role::kCommand || commission.value();
  auto leads = deps.accountability.List(
      {req.get_param_value("org"), req.get_param_value("status"),
       req.get_param_value("warning")},
      everything, caller.org);
  return leads;
}

Result<HttpReply> List(const HandlerDeps& deps, const RequestContext& ctx,
                       const httplib::Request& req) {
  auto leads = Readable(deps, ctx, req);
  if (!leads.ok()) return leads.error();
  return HttpReply::Json(200, JsonArray(leads.value(), LeadToJson));
}

std::string Joined(const std::vector<std::string>& ids) {
  std::string joined;
  for (const std::string& id : ids) joined += (joined.empty() ? "" : " ") + id;
  return joined;
}

// For the commission's files: one row per lead, its evidence's ids and its
// latest step.
Result<HttpReply> Csv(const HandlerDeps& deps, const RequestContext& ctx,
                      const httplib::Request& req) {
  auto leads = Readable(deps, ctx, req);
  if (!leads.ok()) return leads.error();
  std::string csv =
      "\xEF\xBB\xBF" +
      CsvLine({"id", "org", "kind", "warning_id", "found_at", "status",
               "evidence", "last_step_by", "last_step_at", "last_note"});
  for (const Lead& l : leads.value()) {
    const LeadEvidence& e = l.evidence;
    const LeadStep& last = l.history.back();
    csv += CsvLine({CsvCell(l.id), CsvCell(l.org), CsvCell(l.kind),
                    CsvCell(l.warning_id), CsvCell(FormatRfc3339(l.found_at)),
                    CsvCell(l.status),
                    CsvCell(Joined(e.order_ids) + Joined(e.report_due_ids) +
                            Joined(e.case_ids)),
                    CsvCell(last.by), CsvCell(FormatRfc3339(last.at)),
                    CsvCell(last.note)});
  }
  return HttpReply::CsvFile(std::move(csv), "accountability-leads.csv");
}

Result<HttpReply> Act(const HandlerDeps& deps, const RequestContext& ctx,
                      const httplib::Request& req) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  for (const char* field : {"status", "note"}) {
    if (!body.value().contains(field) || !body.value().at(field).is_string()) {
      return Error::InvalidField(field, "is required (a string)");
    }
  }
  auto lead = deps.accountability.Act(
      req.matches[1], body.value().at("status").get<std::string>(),
      body.value().at("note").get<std::string>(), ActorOf(ctx));
  if (!lead.ok()) return lead.error();
  return HttpReply::Json(200, LeadToJson(lead.value()));
}

}  // namespace

std::span<const Endpoint> LeadEndpoints() {
  static const Endpoint endpoints[] = {
      {{"GET",
        "/api/v1/accountability/leads",
        "GET /api/v1/accountability/leads",
        true,
        {Role::kOffice, Role::kCommand, Role::kUnit, Role::kCounty,
         Role::kInspector}},
       List},
      {{"GET",
        "/api/v1/accountability/leads\\.csv",
        "GET /api/v1/accountability/leads.csv",
        true,
        {Role::kOffice, Role::kCommand, Role::kUnit, Role::kCounty,
         Role::kInspector}},
       Csv},
      {{"POST",
        "/api/v1/accountability/leads/([^/]+)/actions",
        "POST /api/v1/accountability/leads/{id}/actions",
        true,
        {Role::kUnit}},
       Act},
  };
  return endpoints;
}

}  // namespace hazegate::internal
