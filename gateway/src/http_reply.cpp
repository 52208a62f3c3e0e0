#include "http_reply.h"

#include <charconv>

#include "hazegate/core/ids.h"
#include "hazegate/core/json.h"

namespace hazegate::internal {

using nlohmann::json;

namespace {

struct ProblemType {
  int status;
  const char* slug;
  const char* title;
};

ProblemType TypeFor(int status) {
  switch (status) {
    case 400:
      return {400, "invalid-input", "Invalid input"};
    case 401:
      return {401, "unauthenticated", "Authentication required"};
    case 403:
      return {403, "forbidden", "Not allowed for this role"};
    case 404:
      return {404, "not-found", "Not found"};
    case 405:
      return {405, "method-not-allowed", "Method not allowed"};
    case 409:
      return {409, "conflict", "Conflict"};
    case 413:
      return {413, "payload-too-large", "Payload too large"};
    case 415:
      return {415, "unsupported-media-type", "Unsupported media type"};
    case 429:
      return {429, "rate-limited", "Too many requests"};
    case 503:
      return {503, "unavailable", "Service unavailable"};
    default:
      return status >= 500 ? ProblemType{status, "internal", "Internal error"}
                           : ProblemType{status, "error", "Request failed"};
  }
}

json ProblemBody(int status, const std::string& detail) {
  const ProblemType type = TypeFor(status);
  return {{"type", std::string("urn:hazegate:problem:") + type.slug},
          {"title", type.title},
          {"status", status},
          {"detail", detail}};
}

}  // namespace

std::string ContentEtag(std::string_view body) {
  return "\"" + Sha256Hex(body).substr(0, 32) + "\"";
}

std::string SafeDump(const json& body) {
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

HttpReply HttpReply::Json(int status, const json& body) {
  return {status, "application/json", SafeDump(body), {}};
}

HttpReply HttpReply::PrintablePage(std::string html) {
  return {200,
          "text/html; charset=utf-8",
          std::move(html),
          {{"Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'"}}};
}

HttpReply HttpReply::CsvFile(std::string csv, const std::string& filename) {
  return {
      200,
      "text/csv; charset=utf-8",
      std::move(csv),
      {{"Content-Disposition", "attachment; filename=\"" + filename + "\""}}};
}

int StatusFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput:
      return 400;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kRateLimited:
      return 429;
    case ErrorKind::kPayloadTooLarge:
      return 413;
    case ErrorKind::kUnsupportedMedia:
      return 415;
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

void WriteProblem(const Error& error, httplib::Response& res) {
  const int status = StatusFor(error.kind);
  json body = ProblemBody(status, error.external_text);
  if (!error.fields.empty()) {
    body["errors"] = json::array();
    for (const FieldError& field : error.fields) {
      body["errors"].push_back(
          {{"field", field.field}, {"message", field.message}});
    }
  }
  if (status == 401) res.set_header("WWW-Authenticate", "Bearer");
  if (status == 429) {
    res.set_header("Retry-After",
                   std::to_string(std::max(1, error.retry_after_s)));
  }
  res.status = status;
  res.set_content(SafeDump(body), "application/problem+json");
}

bool DrainBody(const httplib::Request& req,
               const httplib::ContentReader& reader) {
  auto discard = [](const char*, size_t) { return true; };
  if (req.is_multipart_form_data()) {
    return reader([](const httplib::MultipartFormData&) { return true; },
                  discard);
  }
  return reader(discard);
}

void FillProblemBody(httplib::Response& res) {
  if (!res.body.empty()) return;
  const char* detail = res.status == 404 ? "no such resource"
                       : res.status == 405
                           ? "this resource does not take that method"
                       : res.status == 413 ? "request body over the limit"
                                           : "request failed";
  res.set_content(SafeDump(ProblemBody(res.status, detail)),
                  "application/problem+json");
}

Result<json> ParseJsonObject(const httplib::Request& req) {
  const std::string type = req.get_header_value("Content-Type");
  if (!type.empty() && type.rfind("application/json", 0) != 0) {
    return Error{ErrorKind::kUnsupportedMedia,
                 "Content-Type must be application/json",
                 {},
                 {}};
  }
  if (req.body.empty()) return json::object();
  auto parsed = ParseJson(req.body, "body");
  if (!parsed.ok()) return parsed.error();
  json body = std::move(parsed).value();
  if (!body.is_object()) {
    return Error::InvalidField("body", "must be a JSON object");
  }
  return body;
}

std::string ClientAddress(const httplib::Request& req) {
  const bool from_loopback =
      req.remote_addr == "127.0.0.1" || req.remote_addr == "::1";
  const std::string forwarded = req.get_header_value("X-Real-IP");
  return from_loopback && !forwarded.empty() ? forwarded : req.remote_addr;
}

Result<PageParams> ParsePage(const httplib::Request& req) {
  PageParams page;
  if (req.has_param("limit")) {
    const std::string text = req.get_param_value("limit");
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, page.limit);
    if (ec != std::errc() || ptr != end || page.limit < 1 ||
        page.limit > 1000) {
      return Error::InvalidField("limit", "must be an integer from 1 to 1000");
    }
  }
  page.before = req.get_param_value("before");
  return page;
}

Result<std::optional<bool>> ParseFlag(const httplib::Request& req,
                                      const std::string& name) {
  if (!req.has_param(name)) return std::optional<bool>{};
  const std::string value = req.get_param_value(name);
  if (value != "true" && value != "false") {
    return Error::InvalidField(name, "must be true or false");
  }
  return std::optional<bool>{value == "true"};
}

}  // namespace hazegate::internal
