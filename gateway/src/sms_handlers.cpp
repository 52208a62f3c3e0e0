// Kannel's calls (contract v3 §5, docs/sms.md): delivery reports and the
// replies of contacts' phones. Only for Kannel on this host: a loopback peer
// that did not come through the front door (which refuses /internal/ and
// sets X-Real-IP), presenting [sms] callback_key; 404 to anyone else and
// while SMS is off.
#include "handlers.h"
#include "hazegate/core/ids.h"

namespace hazegate::internal {

namespace {

bool FromKannel(const HandlerDeps& deps, const httplib::Request& req) {
  return deps.sms != nullptr && FromThisHost(req) &&
         !deps.sms_callback_key.empty() &&
         Sha256Hex(req.get_param_value("key")) ==
             Sha256Hex(deps.sms_callback_key);
}

// GET /internal/sms/report?key=K&seq=SEQ&status=%d
Result<HttpReply> SmsReportHandler(const HandlerDeps& deps,
                                   const RequestContext&,
                                   const httplib::Request& req) {
  if (!FromKannel(deps, req)) return Error::NotFound("/internal/sms/report");
  uint64_t seq = 0;
  int status = 0;
  try {
    seq = std::stoull(req.get_param_value("seq"));
  } catch (const std::exception&) {
    return Error::InvalidField("seq", "must be a number");
  }
  try {
    status = std::stoi(req.get_param_value("status"));
  } catch (const std::exception&) {
    return Error::InvalidField("status", "must be a number");
  }
  const std::optional<SmsReport> report = SmsReportOf(status);
  if (report) {
    Status recorded = deps.sms->Report(seq, *report);
    if (!recorded.ok()) return recorded.error();
  }
  return HttpReply{200, "text/plain", "ok\n", {}};
}

// GET /internal/sms/reply?key=K&from=%p&text=%a: the body is the SMS Kannel
// sends back (in UCS-2: Chinese).
Result<HttpReply> SmsReplyHandler(const HandlerDeps& deps,
                                  const RequestContext&,
                                  const httplib::Request& req) {
  if (!FromKannel(deps, req)) return Error::NotFound("/internal/sms/reply");
  std::string answer =
      deps.sms->Reply(req.get_param_value("from"), req.get_param_value("text"));
  return HttpReply{200,
                   "text/plain; charset=utf-8",
                   std::move(answer),
                   {{"X-Kannel-Coding", "2"}}};
}

}  // namespace

std::span<const Endpoint> SmsEndpoints() {
  static const Endpoint endpoints[] = {
      {{"GET", "/internal/sms/report", "GET /internal/sms/report", false, {}},
       &SmsReportHandler},
      {{"GET", "/internal/sms/reply", "GET /internal/sms/reply", false, {}},
       &SmsReplyHandler},
  };
  return endpoints;
}

}  // namespace hazegate::internal
