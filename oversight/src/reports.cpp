#include "hazegate/oversight/reports.h"

#include <algorithm>
#include <cmath>

#include "hazegate/core/ids.h"
#include "hazegate/core/json.h"
#include "hazegate/core/store.h"
#include "hazegate/core/utf8.h"
#include "hazegate/orders/order_store.h"
#include "hazegate/oversight/reporting.h"

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

Result<std::string> Note(const json& body, const char* field, bool required) {
  const auto it = body.find(field);
  if (it == body.end() || it->is_null()) {
    if (required) return Error::InvalidField(field, "is required");
    return std::string();
  }
  if (!it->is_string() ||
      (required && it->get_ref<const std::string&>().empty())) {
    return Error::InvalidField(field, "must be a non-empty string");
  }
  return it->get<std::string>();
}

Result<json> Figures(const json& body) {
  const auto it = body.find("figures");
  if (it == body.end() || it->is_null()) return json::object();
  if (!it->is_object()) {
    return Error::InvalidField("figures", "must be an object of numbers");
  }
  for (const auto& [name, value] : it->items()) {
    if (!value.is_number()) {
      return Error::InvalidField("figures." + name, "must be a number");
    }
  }
  return *it;
}

constexpr size_t kMaxReportCharacters = 4000;
constexpr size_t kMaxFigures = 50;
constexpr double kMaxFigure = 1e9;

// 1-4,000 characters of UTF-8, no control characters but newline.
Result<std::string> ReportText(const json& body) {
  auto text = Note(body, "text", true);
  if (!text.ok()) return text;
  const std::string& value = text.value();
  size_t characters = 0;
  for (unsigned char c : value) characters += (c & 0xC0) != 0x80;
  // Newlines are text here; tabs, carriage returns and the rest are not.
  std::string flat = value;
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  const bool clean = value.find_first_of("\t\r") == std::string::npos &&
                     FirstControlCharacter(flat) == std::string::npos;
  if (!IsValidUtf8(value) || characters > kMaxReportCharacters || !clean) {
    return Error::InvalidField("text",
                               "must be 1-4000 characters without control "
                               "characters (newlines allowed)");
  }
  return text;
}

// At most 50 figures, each finite and 0 <= v <= 10^9.
Result<json> BoundedFigures(const json& body) {
  auto figures = Figures(body);
  if (!figures.ok()) return figures;
  if (figures.value().size() > kMaxFigures) {
    return Error::InvalidField("figures", "at most 50 figures");
  }
  for (const auto& [name, value] : figures.value().items()) {
    const double number = value.get<double>();
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
  return figures;
}

// The client's id: 1-64 of A-Z a-z 0-9 - _ (a UUID), or "" if absent.
Result<std::string> ClientId(const json& body) {
  const auto it = body.find("id");
  if (it == body.end() || it->is_null()) return std::string();
  const std::string id = it->is_string() ? it->get<std::string>() : "";
  const bool valid = !id.empty() && id.size() <= 64 &&
                     id.find_first_not_of(
                         "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                         "0123456789-_") == std::string::npos;
  if (!valid) {
    return Error::InvalidField("id", "must be 1-64 of A-Z, a-z, 0-9, '-', '_'");
  }
  return id;
}

// A stored report under `id`: its body if it is the same content by the same
// org on the same order, kConflict if not, nullopt if there is none.
Result<std::optional<json>> Replay(ReadTx& tx, const std::string& id,
                                   const std::string& order_id,
                                   const std::string& org,
                                   const std::string& hash) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query = lease.Prepare(
      "SELECT order_id, org, content_hash, author, text, figures, created_at "
      "FROM order_reports WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::optional<json>();
  if (query.getColumn(0).getString() != order_id ||
      query.getColumn(1).getString() != org ||
      query.getColumn(2).getString() != hash) {
    return Error::Conflict("a report with id " + id +
                           " and other content exists");
  }
  return std::optional<json>(
      json{{"id", id},
           {"order_id", order_id},
           {"org", org},
           {"author", query.getColumn(3).getString()},
           {"by", query.getColumn(3).getString()},
           {"text", query.getColumn(4).getString()},
           {"figures", json::parse(query.getColumn(5).getString())},
           {"created_at",
            FormatRfc3339(FromUnixSeconds(query.getColumn(6).getInt64()))}});
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
                                            const json& body,
                                            const Actor& actor) {
  auto client_id = ClientId(body);
  if (!client_id.ok()) return client_id.error();
  auto text = ReportText(body);
  if (!text.ok()) return text.error();
  auto figures = BoundedFigures(body);
  if (!figures.ok()) return figures.error();
  const std::string hash =
      Sha256Hex(order_id + "\n" + text.value() + "\n" + figures.value().dump());
  try {
    WriteTx tx(store_);
    Store::Lease& lease = Store::LeaseOf(tx);
    auto order = LoadOrder(tx, order_id);
    if (!order || order->org != actor.org) {
      return Error::NotFound("order " + order_id);
    }
    if (!client_id.value().empty()) {
      auto replay = Replay(tx, client_id.value(), order_id, actor.org, hash);
      if (!replay.ok()) return replay.error();
      if (replay.value()) {
        (*replay.value())["warning_id"] = TextOrNull(order->warning_id);
        return ReportOutcome{false, std::move(*replay.value())};
      }
    }
    if (ReportsOn(tx, order_id) >= kMaxReportsPerOrder) {
      return Error::Conflict("at most 20 reports per order");
    }
    auto template_ok = internal::CheckFigures(tx, order_id, figures.value());
    if (!template_ok.ok()) return template_ok.error();
    const std::string id =
        client_id.value().empty() ? NewId("rep-") : client_id.value();
    const TimePoint now = clock_.Now();
    SQLite::Statement& insert = lease.Prepare(
        "INSERT INTO order_reports (id, order_id, org, author, text, figures, "
        "created_at, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, id);
    insert.bind(2, order_id);
    insert.bind(3, actor.org);
    insert.bind(4, actor.username);
    insert.bind(5, text.value());
    insert.bind(6, figures.value().dump());
    insert.bind(7, ToUnixSeconds(now));
    insert.bind(8, hash);
    insert.exec();
    internal::SettleReportDue(tx, order_id, actor.org, id, now);
    RecordAudit(tx,
                {actor.username, "order.report", "order", order_id,
                 json{{"report", id}}.dump()},
                now);
    tx.Commit();
    return ReportOutcome{true,
                         json{{"id", id},
                              {"order_id", order_id},
                              {"warning_id", TextOrNull(order->warning_id)},
                              {"org", actor.org},
                              {"author", actor.username},  // v1's `by`
                              {"by", actor.username},
                              {"text", text.value()},
                              {"figures", figures.value()},
                              {"created_at", FormatRfc3339(now)}}};
  } catch (const std::exception& e) {
    return Error::Internal("report on " + order_id + ": " + e.what());
  }
}

}  // namespace hazegate
