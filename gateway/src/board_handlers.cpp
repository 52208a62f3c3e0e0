// The console's views: the duty board (ETag, so a poll that finds nothing
// new costs a 304), a warning's map and orders export, and the preview of a
// warning before it is issued.
#include "handlers.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

// JSON with an ETag of its content; 304 when the client has it already.
Result<HttpReply> Revalidated(const httplib::Request& req,
                              Result<json> result) {
  if (!result.ok()) return result.error();
  HttpReply reply = HttpReply::Json(200, result.value());
  const std::string etag = ContentEtag(reply.body);
  reply.headers = {{"ETag", etag}, {"Cache-Control", "no-cache"}};
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
  return Revalidated(req, deps.board.Board(area.value()));
}

Result<HttpReply> Map(const HandlerDeps& deps, const RequestContext& ctx,
                      const httplib::Request& req) {
  auto area = CountyArea(deps, ctx);
  if (!area.ok()) return area.error();
  return Revalidated(req, deps.board.Map(req.matches[1], area.value()));
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

}  // namespace

void AddBoardHandlers(const HandlerDeps& deps, HandlerMap* handlers) {
  (*handlers)["GET /api/v1/board"] = [&deps](const RequestContext& ctx,
                                             const httplib::Request& req) {
    return Board(deps, ctx, req);
  };
  (*handlers)["GET /api/v1/warnings/{id}/map"] =
      [&deps](const RequestContext& ctx, const httplib::Request& req) {
        return Map(deps, ctx, req);
      };
  (*handlers)["GET /api/v1/warnings/{id}/orders.csv"] =
      [&deps](const RequestContext& ctx, const httplib::Request& req) {
        return OrdersCsv(deps, ctx, req);
      };
  (*handlers)["POST /api/v1/warnings/preview"] =
      [&deps](const RequestContext&, const httplib::Request& req) {
        return WithBody(req, 200, [&](const json& body) {
          return deps.warnings.Preview(body);
        });
      };
}

}  // namespace hazegate::internal
