// The public CAP feed (no login, issue 22): the Atom feed and each entry's
// CAP, from one snapshot rebuilt when a warning changes or the minute turns
// (an expiry renewal); another commit costs one fingerprint query. A crowd
// of readers costs an ETag compare or a copy.
#include "handlers.h"
#include "hazegate/core/store.h"
#include "revalidated.h"

namespace hazegate::internal {

namespace {

// The snapshot's keys: per minute, as renewals fall due by the clock.
std::string Minute(const HandlerDeps& deps) {
  return std::to_string(ToUnixSeconds(deps.clock.Now()) / 60);
}
std::string FeedKey(const std::string& minute) { return "cap feed " + minute; }
std::string MessageKey(const std::string& identifier,
                       const std::string& minute) {
  return "cap " + identifier + " " + minute;
}

// What the feed is built from: a snapshot of the same fingerprint and
// minute is still right, whatever else was committed since.
std::string Fingerprint(const HandlerDeps& deps) {
  auto print = deps.warnings.Fingerprint();
  return print.ok() ? print.value() : std::string();
}

// Builds the feed, keeping each message as a snapshot beside it.
Result<CapFeed> BuildFeed(const HandlerDeps& deps, const std::string& minute) {
  const std::optional<uint64_t> version = deps.store.commits();
  const std::string print = Fingerprint(deps);
  auto feed = deps.warnings.Feed();
  if (!feed.ok()) return feed.error();
  if (version) {
    for (const CapMessage& m : feed.value().messages) {
      deps.etags.Remember(MessageKey(m.identifier, minute), *version,
                          ContentEtag(m.xml), m.xml, print);
    }
  }
  return feed;
}

Result<HttpReply> Feed(const HandlerDeps& deps, const RequestContext&,
                       const httplib::Request& req) {
  const std::string minute = Minute(deps);
  return RevalidatedBody(
      deps, req, FeedKey(minute), "application/atom+xml; charset=utf-8",
      [&]() -> Result<std::string> {
        auto feed = BuildFeed(deps, minute);
        if (!feed.ok()) return feed.error();
        return std::move(feed).value().atom;
      },
      /*snapshot=*/true, [&deps] { return Fingerprint(deps); });
}

Result<HttpReply> Message(const HandlerDeps& deps, const RequestContext&,
                          const httplib::Request& req) {
  const std::string minute = Minute(deps);
  const std::string identifier = req.matches[1];
  return RevalidatedBody(
      deps, req, MessageKey(identifier, minute),
      "application/cap+xml; charset=utf-8",
      [&]() -> Result<std::string> {
        auto feed = BuildFeed(deps, minute);
        if (!feed.ok()) return feed.error();
        for (const CapMessage& m : feed.value().messages) {
          if (m.identifier == identifier) return m.xml;
        }
        return Error::NotFound("CAP message " + identifier);
      },
      /*snapshot=*/true, [&deps] { return Fingerprint(deps); });
}

}  // namespace

std::span<const Endpoint> FeedEndpoints() {
  static const Endpoint endpoints[] = {
      {{"GET",
        "/api/v1/feeds/cap\\.atom",
        "GET /api/v1/feeds/cap.atom",
        false,
        {}},
       Feed},
      {{"GET",
        "/api/v1/feeds/cap/([^/]+)\\.xml",
        "GET /api/v1/feeds/cap/{identifier}.xml",
        false,
        {}},
       Message},
  };
  return endpoints;
}

}  // namespace hazegate::internal
