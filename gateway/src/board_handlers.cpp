// The console's views: the duty board (ETag, so a poll that finds nothing
// new costs a 304), a warning's map and orders export; and the public's
// levels page's data (no login).
#include "handlers.h"
#include "hazegate/core/store.h"
#include "hazegate/oversight/board_json.h"
#include "revalidated.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

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
          if (!a.press_title.empty()) {
            item["press_release"] = {{"title", a.press_title},
                                     {"published_at", TimeOrNull(a.press_at)}};
          }
          out.push_back(std::move(item));
        }
        return out;
      },
      /*snapshot=*/true,
      [&deps] {
        auto print = deps.board.PublicFingerprint();
        return print.ok() ? print.value() : std::string();
      });
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
