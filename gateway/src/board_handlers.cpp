// The console's views: the duty board (ETag, so a poll that finds nothing
// new costs a 304), a warning's map and orders export; and the public's
// levels page's data (no login).
#include "handlers.h"
#include "hazegate/core/store.h"
#include "hazegate/oversight/board_json.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

// JSON from `read` with an ETag of its content; 304 when the client has it
// already. The ETag is checked before the read when nothing was committed
// since `key` last answered it (a poll of an unchanged board costs no
// query).
// With `snapshot` the body is kept too and served again, without the read,
// until something is committed (the public's page: a crowd costs nothing).
template <typename Read>
Result<HttpReply> Revalidated(const HandlerDeps& deps,
                              const httplib::Request& req,
                              const std::string& key, Read read,
                              bool snapshot = false) {
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"Cache-Control", "no-cache"}};
  const std::optional<uint64_t> version = deps.store.commits();
  const std::string asked = req.get_header_value("If-None-Match");
  if (version && !asked.empty() && deps.etags.Fresh(key, *version, asked)) {
    HttpReply unchanged{304, "application/json", "", headers};
    unchanged.headers.emplace_back("ETag", asked);
    return unchanged;
  }
  if (const auto kept = snapshot && version ? deps.etags.Snapshot(key, *version)
                                            : std::nullopt) {
    HttpReply reply{200, "application/json", kept->second, headers};
    reply.headers.emplace_back("ETag", kept->first);
    return reply;
  }
  Result<json> result = read();
  if (!result.ok()) return result.error();
  HttpReply reply = HttpReply::Json(200, result.value());
  const std::string etag = ContentEtag(reply.body);
  if (version) {
    deps.etags.Remember(key, *version, etag, snapshot ? reply.body : "");
  }
  reply.headers = headers;
  reply.headers.emplace_back("ETag", etag);
  if (NotModified(req, etag)) {
    reply.status = 304;
    reply.body.clear();
  }
  return reply;
}

Result<HttpReply> Board(const HandlerDeps& deps, const RequestContext& ctx,
                        const httplib::Request& req) {
  auto area = CountyArea(deps, ctx);
  if (!area.ok()) return area.error();
  return Revalidated(deps, req, "board " + area.value(), [&]() -> Result<json> {
    auto board = AsJson(deps.board.Board(area.value()), BoardToJson);
    if (!board.ok()) return board;
    auto open = deps.cases.CountOpen(area.value());
    if (!open.ok()) return open.error();
    board.value()["cases_open"] = open.value();
    return board;
  });
}

Result<HttpReply> Map(const HandlerDeps& deps, const RequestContext& ctx,
                      const httplib::Request& req) {
  auto area = CountyArea(deps, ctx);
  if (!area.ok()) return area.error();
  const std::string id = req.matches[1];
  return Revalidated(deps, req, "map " + id + " " + area.value(), [&] {
    return AsJson(deps.board.Map(id, area.value()), MapToJson);
  });
}

Result<HttpReply> OrdersCsv(const HandlerDeps& deps, const RequestContext& ctx,
                            const httplib::Request& req) {
  const std::string id = req.matches[1];
  auto area = CountyArea(deps, ctx);
  if (!area.ok()) return area.error();
  const BoardService& board = deps.board;
  return StreamedCsv(
      [&board, id, area = area.value()](int64_t cursor) {
        return board.OrdersCsv(id, area, cursor);
      },
      "orders-" + id + ".csv");  // a known id once the first page is read
}

// The public's levels (no login, issue 22): revalidated as the board is,
// so a crowd of phones polling an unchanged page costs an ETag compare.
Result<HttpReply> PublicLevelsReply(const HandlerDeps& deps,
                                    const httplib::Request& req) {
  return Revalidated(
      deps, req, "public levels",
      [&]() -> Result<json> {
        auto levels = deps.board.PublicLevels();
        if (!levels.ok()) return levels.error();
        json out = json::array();
        for (const PublicLevel& a : levels.value().areas) {
          json item = {{"area", a.area},
                       {"name", a.name},
                       {"level", a.level},
                       {"advice",
                        {{"health", a.advice.health},
                         {"schools", a.advice.schools},
                         {"public", a.advice.everyone}}},
                       {"changed_at", TimeOrNull(levels.value().changed_at)}};
          if (!a.warning_id.empty()) {
            item["warning_id"] = a.warning_id;
            item["starts_at"] = TimeOrNull(a.starts_at);
            item["headline"] = a.headline;
          }
          out.push_back(std::move(item));
        }
        return out;
      },
      /*snapshot=*/true);
}

}  // namespace

std::span<const Endpoint> BoardEndpoints() {
  static const Endpoint endpoints[] = {
      {{"GET", "/api/v1/public/levels", "GET /api/v1/public/levels", false, {}},
       [](const HandlerDeps& deps, const RequestContext&,
          const httplib::Request& req) {
         return PublicLevelsReply(deps, req);
       }},
      {{"GET", "/api/v1/board", "GET /api/v1/board", true, kBoardReaders},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) { return Board(deps, ctx, req); }},
      {{"GET", "/api/v1/warnings/([^/]+)/map", "GET /api/v1/warnings/{id}/map",
        true, kBoardReaders, true},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) { return Map(deps, ctx, req); }},
      {{"GET", "/api/v1/warnings/([^/]+)/orders\\.csv",
        "GET /api/v1/warnings/{id}/orders.csv", true, kStaff, true},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) { return OrdersCsv(deps, ctx, req); }},
  };
  return endpoints;
}

}  // namespace hazegate::internal
