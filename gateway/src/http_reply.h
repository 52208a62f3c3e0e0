// What handlers return, and how errors become problem+json (RFC 9457).
// The only place that maps ErrorKind to HTTP status codes.
#pragma once

#include <httplib.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hazegate/core/result.h"
#include "hazegate/identity/roles.h"

namespace hazegate::internal {

struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Set: the body is sent chunked after `body`, piece by piece as the
  // client reads; "" ends it, an error cuts the response off.
  std::function<Result<std::string>()> next_piece = nullptr;

  static HttpReply Json(int status, const nlohmann::json& body);
  // A printable page of ours (summary, season, bulletin): HTML with its own
  // styles and nothing else allowed to load or run.
  static HttpReply PrintablePage(std::string html);
  // A CSV file to save as `filename`.
  static HttpReply CsvFile(std::string csv, const std::string& filename);
};

struct RequestContext {
  std::optional<Principal> principal;  // set on authenticated routes
  std::string token;                   // the bearer token it came with
  const Principal& caller() const { return *principal; }
};

using Handler = std::function<Result<HttpReply>(const RequestContext&,
                                                const httplib::Request&)>;

// A handler that reads the body itself as it arrives (multipart uploads).
// `transport` is the response whose status cpp-httplib set if reading failed
// (413 over the payload limit, 400 malformed).
using StreamHandler = std::function<Result<HttpReply>(
    const RequestContext&, const httplib::Request&,
    const httplib::ContentReader&, const httplib::Response& transport)>;

int StatusFor(ErrorKind kind);

// Writes `error` as application/problem+json; never internal text.
void WriteProblem(const Error& error, httplib::Response& res);

// A problem+json body for a bare status (404 route, 413 body) if `res` has
// no body yet.
void FillProblemBody(httplib::Response& res);

// The request body as JSON: 415 unless JSON, 400 naming "body" if malformed,
// 400 unless an object. An empty body is an empty object.
Result<nlohmann::json> ParseJsonObject(const httplib::Request& req);

// A domain result as a JSON reply with `status`, or its error.
inline Result<HttpReply> JsonReply(int status, Result<nlohmann::json> result) {
  if (!result.ok()) return result.error();
  return HttpReply::Json(status, result.value());
}

// Runs `action(body)` on the parsed JSON body.
template <typename Action>
Result<HttpReply> WithBody(const httplib::Request& req, int status,
                           Action action) {
  auto body = ParseJsonObject(req);
  if (!body.ok()) return body.error();
  return JsonReply(status, action(body.value()));
}

// A CSV export read page by page (config/csv.h's CsvPage) from `read`:
// the first page now, so that its error is the reply, the rest streamed.
template <typename ReadPage>
Result<HttpReply> StreamedCsv(ReadPage read, const std::string& filename) {
  auto first = read(int64_t{0});
  if (!first.ok()) return first.error();
  HttpReply reply = HttpReply::CsvFile(std::move(first.value().text), filename);
  if (first.value().done) return reply;
  auto cursor = std::make_shared<int64_t>(first.value().next);
  reply.next_piece = [read, cursor]() -> Result<std::string> {
    if (*cursor < 0) return std::string();
    auto page = read(*cursor);
    if (!page.ok()) return page.error();
    *cursor = page.value().done ? -1 : page.value().next;
    return std::move(page.value().text);
  };
  return reply;
}

// A strong ETag for a body: the first 128 bits of its SHA-256, quoted.
std::string ContentEtag(std::string_view body);

// True when the request's If-None-Match names `etag` (answer 304).
inline bool NotModified(const httplib::Request& req, const std::string& etag) {
  return req.get_header_value("If-None-Match") == etag;
}

// Compact JSON text; invalid UTF-8 from a request (an id in the path, a part
// name) is replaced rather than making the reply or the log line fail.
std::string SafeDump(const nlohmann::json& body);

// True if `value` is one of `allowed` (a query parameter's enumeration).
template <size_t N>
bool OneOf(const std::string& value, const char* const (&allowed)[N]) {
  return std::find(std::begin(allowed), std::end(allowed), value) !=
         std::end(allowed);
}

// Reads and drops a request body (multipart or not), so that a refusal
// still reaches a client that is busy sending; false if it could not be read.
bool DrainBody(const httplib::Request& req,
               const httplib::ContentReader& reader);

// The client's address: the front door's X-Real-IP on a request that came
// from it over loopback, else the connection's peer.
std::string ClientAddress(const httplib::Request& req);

// ?limit= (1..1000, default 100) and ?before=.
struct PageParams {
  int limit = 100;
  std::string before;
};
Result<PageParams> ParsePage(const httplib::Request& req);

// ?name=true|false: nullopt when absent; kInvalidInput naming it otherwise.
Result<std::optional<bool>> ParseFlag(const httplib::Request& req,
                                      const std::string& name);

}  // namespace hazegate::internal
