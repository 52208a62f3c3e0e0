// Reads answered with an ETag of their content, 304 when the client has it
// already. The ETag is checked before the read when nothing was committed
// since `key` last answered it (a poll of an unchanged board costs no
// query). With `snapshot` the body is kept too and served again, without
// the read, until something is committed (the public's page and feed: a
// crowd costs nothing); with a `fingerprint` of what the body is built from
// (a cheap query, "" when unknown), a commit that left it unchanged costs
// that query, not the read. The gateway's own; thread-safe as EtagCache is.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "handlers.h"

namespace hazegate::internal {

// `read` → Result<std::string>, the body of type `content_type`.
template <typename Read>
Result<HttpReply> RevalidatedBody(
    const HandlerDeps& deps, const httplib::Request& req,
    const std::string& key, const std::string& content_type, Read read,
    bool snapshot = false,
    const std::function<std::string()>& fingerprint = {}) {
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"Cache-Control", "no-cache"}};
  const std::optional<uint64_t> version = deps.store.commits();
  const std::string asked = req.get_header_value("If-None-Match");
  if (version && !asked.empty() && deps.etags.Fresh(key, *version, asked)) {
    HttpReply unchanged{304, content_type, "", headers};
    unchanged.headers.emplace_back("ETag", asked);
    return unchanged;
  }
  std::optional<std::pair<std::string, std::string>> kept;
  std::string print;  // asked only when the snapshot is of an older commit
  if (snapshot && version) {
    kept = deps.etags.Snapshot(key, *version);
    if (!kept && fingerprint) {
      print = fingerprint();
      kept = deps.etags.Carry(key, *version, print);
    }
  }
  if (kept) {
    HttpReply reply{200, content_type, kept->second, headers};
    reply.headers.emplace_back("ETag", kept->first);
    if (NotModified(req, kept->first)) {
      reply.status = 304;
      reply.body.clear();
    }
    return reply;
  }
  Result<std::string> body = read();
  if (!body.ok()) return body.error();
  HttpReply reply{200, content_type, std::move(body).value(), headers};
  const std::string etag = ContentEtag(reply.body);
  if (version) {
    deps.etags.Remember(key, *version, etag, snapshot ? reply.body : "", print);
  }
  reply.headers.emplace_back("ETag", etag);
  if (NotModified(req, etag)) {
    reply.status = 304;
    reply.body.clear();
  }
  return reply;
}

// The same for JSON: `read` → Result<json>.
template <typename Read>
Result<HttpReply> Revalidated(
    const HandlerDeps& deps, const httplib::Request& req,
    const std::string& key, Read read, bool snapshot = false,
    const std::function<std::string()>& fingerprint = {}) {
  return RevalidatedBody(
      deps, req, key, "application/json",
      [&]() -> Result<std::string> {
        Result<nlohmann::json> result = read();
        if (!result.ok()) return result.error();
        return HttpReply::Json(200, result.value()).body;
      },
      snapshot, fingerprint);
}

}  // namespace hazegate::internal
