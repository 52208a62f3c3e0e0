#include "hazegate/oversight/reports.h"

#include <algorithm>
#include <cmath>

#include "hazegate/core/ids.h"
#include "hazegate/core/json.h"
#include "hazegate/core/store.h"
#include "hazegate/core/utf8.h"
#include "hazegate/orders/order_store.h"
#include "reporting_rules.h"

namespace hazegate {

using internal::LoadOrder;
using nlohmann::json;

ReportService::ReportService(Store& store, const Clock& clock)
    : store_(store), clock_(clock) {}

void ReportingSchedule::FannedOut(WriteTx& tx, const std::string& warning_id,
                                  const std::string& level,
                                  const std::vector<FannedOutOrder>& orders,
                                  TimePoint now) {
  internal::ScheduleReports(tx, warning_id, level, orders, now);
}

void ReportingSchedule::Ended(WriteTx& tx, const std::string& warning_id,
                              TimePoint now) {
  internal::DropFutureReportDues(tx, warning_id, now);
}

namespace {

constexpr size_t kMaxReportCharacters = 4000;
constexpr size_t kMaxFigures = 50;
constexpr double kMaxFigure = 1e9;

// 1-4,000 characters of UTF-8, no control characters but newline.
Status CheckReportText(const std::string& value) {
  size_t characters = 0;
  for (unsigned char c : value) characters += (c & 0xC0) != 0x80;
  // Newlines are text here; tabs, carriage returns and the rest are not.
  std::string flat = value;
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  const bool clean = value.find_first_of("\t\r") == std::string::npos &&
                     FirstControlCharacter(flat) == std::string::npos;
  if (value.empty() || !IsValidUtf8(value) ||
      characters > kMaxReportCharacters || !clean) {
    return Error::InvalidField("text",
                               "must be 1-4000 characters without control "
                               "characters (newlines allowed)");
  }
  return Ok{};
}

// At most 50 figures, each finite and 0 <= v <= 10^9.
Status CheckFigureBounds(const std::map<std::string, double>& figures) {
  if (figures.size() > kMaxFigures) {
    return Error::InvalidField("figures", "at most 50 figures");
  }
  for (const auto& [name, number] : figures) {
    if (name.empty() || name.size() > 200 || !IsValidUtf8(name) ||
        FirstControlCharacter(name) != std::string::npos) {
      return Error::InvalidField("figures",
                                 "a figure's name must be 1-200 "
                                 "bytes of text");
    }
    if (!std::isfinite(number) || number < 0 || number > kMaxFigure) {
      return Error::InvalidField("figures." + name,
                                 "must be a number from 0 to 1000000000");
    }
  }
  return Ok{};
}

// A stored report under `id`: its body if it is the same content by the same
// org on the same order, kConflict if not, nullopt if there is none.
Result<std::optional<FiledReport>> Replay(ReadTx& tx, const std::string& id,
                                          const std::string& order_id,
                                          const std::string& org,
                                          const std::string& hash) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT order_id, org, content_hash, author, text, figures, created_at "
      "FROM order_reports WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::optional<FiledReport>();
  if (query.getColumn(0).getString() != order_id ||
      query.getColumn(1).getString() != org ||
      query.getColumn(2).getString() != hash) {
    return Error::Conflict("a report with id " + id +
                           " and other content exists");
  }
  return std::optional<FiledReport>(FiledReport{
      .id = id,
      .order_id = order_id,
      .warning_id = "",
      .org = org,
      .author = query.getColumn(3).getString(),
      .text = query.getColumn(4).getString(),
      .figures_json = query.getColumn(5).getString(),
      .created_at = FromUnixSeconds(query.getColumn(6).getInt64())});
}

int ReportsOn(ReadTx& tx, const std::string& order_id) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query =
      lease.Prepare("SELECT count(*) FROM order_reports WHERE order_id = ?");
  query.bind(1, order_id);
  query.executeStep();
  return query.getColumn(0).getInt();
}

}  // namespace

Result<ReportOutcome> ReportService::Report(const std::string& order_id,
                                            const ReportRequest& request,
                                            const Actor& actor) {
  auto text_ok = CheckReportText(request.text);
  if (!text_ok.ok()) return text_ok.error();
  auto figures_ok = CheckFigureBounds(request.figures);
  if (!figures_ok.ok()) return figures_ok.error();
  const std::string hash =
      Sha256Hex(order_id + "\n" + request.text + "\n" + request.figures_json);
  try {
    WriteTx tx(store_);
    Store::Lease& lease = Store::LeaseOf(tx);
    auto order = LoadOrder(tx, order_id);
    if (!order || order->org != actor.org) {
      return Error::NotFound("order " + order_id);
    }
    if (!request.id.empty()) {
      auto replay = Replay(tx, request.id, order_id, actor.org, hash);
      if (!replay.ok()) return replay.error();
      if (replay.value()) {
        replay.value()->warning_id = order->warning_id;
        return ReportOutcome{false, std::move(*replay.value())};
      }
    }
    if (ReportsOn(tx, order_id) >= kMaxReportsPerOrder) {
      return Error::Conflict("at most 20 reports per order");
    }
    auto template_ok = internal::CheckFigures(tx, order_id, request.figures);
    if (!template_ok.ok()) return template_ok.error();
    const std::string id = request.id.empty() ? NewId("rep-") : request.id;
    const TimePoint now = clock_.Now();
    SQLite::Statement& insert = lease.Prepare(
        "INSERT INTO order_reports (id, order_id, org, author, text, figures, "
        "created_at, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, id);
    insert.bind(2, order_id);
    insert.bind(3, actor.org);
    insert.bind(4, actor.username);
    insert.bind(5, request.text);
    insert.bind(6, request.figures_json);
    insert.bind(7, ToUnixSeconds(now));
    insert.bind(8, hash);
    insert.exec();
    internal::SettleReportDue(tx, order_id, actor.org, id, now);
    RecordAudit(tx,
                {actor.username, "order.report", "order", order_id,
                 json{{"report", id}}.dump()},
                now);
    tx.Commit();
    return ReportOutcome{true, FiledReport{.id = id,
                                           .order_id = order_id,
                                           .warning_id = order->warning_id,
                                           .org = actor.org,
                                           .author = actor.username,
                                           .text = request.text,
                                           .figures_json = request.figures_json,
                                           .created_at = now}};
  } catch (const std::exception& e) {
    return Error::Internal("report on " + order_id + ": " + e.what());
  }
}

}  // namespace hazegate
