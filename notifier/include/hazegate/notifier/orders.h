// Orders as their recipients see them: listing, acknowledging (over HTTPS or
// MQTT, idempotent) and implementation reports. Thread-safe; Store and Clock
// outlive it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hazegate/config/csv.h"
#include "hazegate/config/directory.h"
#include "hazegate/core/actor.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/store.h"

namespace hazegate {

struct AckRequest {
  std::string order_id;
  Actor actor;          // actor.org must be the order's org
  std::string channel;  // "https" or "mqtt"
  std::string note;
};

struct Receipt {
  std::string org;  // the org whose device or account reported it
  std::string order_id;
};

// Whose implementation reports a reader may see: all (office, command),
// those of the orgs in the area of `org` (a county), or `org`'s own.
struct ReportScope {
  enum class Kind { kAll, kAreaOfOrg, kOwnOrg };
  Kind kind = Kind::kOwnOrg;
  std::string org;
};

// Narrows a warning's reports: one org, one org kind ("" = any).
struct ReportFilter {
  std::string org;
  std::string kind;
};

struct ReportOutcome {
  bool created = false;  // false: a replay of a stored report
  nlohmann::json body;
};

class OrderService {
 public:
  OrderService(Store& store, const Clock& clock);

  // The org's own orders, newest first; `status` "" = any. Returning them
  // to their org is their receipt (channel "https"): those not yet received
  // are recorded as such and returned so.
  Result<nlohmann::json> ListForOrg(const std::string& org,
                                    const std::string& status,
                                    const PageRequest& page);

  // Receipts (a device's "this arrived"): each order gains received_at
  // (status pending/delivered -> received) unless it has it; one result per
  // receipt, in order: Ok, or kNotFound for an unknown order or one of
  // another org. All in one transaction.
  std::vector<Status> ReceiveAll(const std::vector<Receipt>& receipts,
                                 const std::string& channel);

  // Records the acknowledgement. Another org's or an unknown order is
  // kNotFound; a canceled one kConflict; repeating returns the order with
  // its first acked_at.
  Result<nlohmann::json> Ack(const AckRequest& request);

  // Several acknowledgements in one transaction (the MQTT intake's batches);
  // one result per request, in order. With `confirm`, each ack recorded
  // (now or before) also queues, in the same transaction,
  // {"type":"ack_recorded","order_id","acked_at"} to orgs/{org}/orders on
  // MQTT: the app's sign that it may stop re-sending.
  std::vector<Result<nlohmann::json>> AckAll(
      const std::vector<AckRequest>& requests, bool confirm = false);

  // Queues an empty retained MQTT message to each address (the intake's
  // orgs/{org}/acks and /receipts): the broker then keeps no retained
  // message there.
  Status ClearRetained(const std::vector<std::string>& addresses);

  // The reports on one order, newest first: [{id, order_id, warning_id,
  // org, text, figures, created_at, by}]. kNotFound if the order is unknown
  // or outside `scope`.
  Result<nlohmann::json> OrderReports(const std::string& order_id,
                                      const ReportScope& scope) const;

  // A warning's reports within `scope`, newest first, paged; kNotFound for
  // an unknown warning.
  Result<nlohmann::json> WarningReports(const std::string& warning_id,
                                        const ReportFilter& filter,
                                        const ReportScope& scope,
                                        const PageRequest& page) const;

  // The same as CSV (UTF-8 with BOM) for a spreadsheet, one page from
  // `cursor` (0 = the first, with the header), newest first.
  Result<CsvPage> WarningReportsCsv(const std::string& warning_id,
                                    const ReportFilter& filter,
                                    const ReportScope& scope,
                                    int64_t cursor) const;

  // GET /warnings/{id}/reporting: every report owed under the plan's
  // reporting schedule within `scope`, by deadline: [{org, kind (the org's),
  // rule, title, due_at, status: due|received|late|missing, report_id?}].
  // kNotFound for an unknown warning.
  Result<nlohmann::json> Reporting(const std::string& warning_id,
                                   const ReportScope& scope) const;

  // POST /orders/{id}/reports: {id?, text, figures?: {name: number}}.
  // `text` 1-4,000 characters without control characters but newline;
  // each figure finite, 0 <= v <= 10^9 (or its template's `max`); with a
  // template for the org (the plan's reporting schedule) exactly its
  // figures (kInvalidInput names the field). The same client `id` with the
  // same content is a replay (created false, the first body); other
  // content under it, or a 21st report on the order, is kConflict. A new
  // report settles the oldest one the org owes.
  static constexpr int kMaxReportsPerOrder = 20;
  Result<ReportOutcome> Report(const std::string& order_id,
                               const nlohmann::json& request,
                               const Actor& actor);

 private:
  Result<nlohmann::json> SelectForOrg(const std::string& org,
                                      const std::string& status,
                                      const PageRequest& page) const;

  Store& store_;
  const Clock& clock_;
};

}  // namespace hazegate
