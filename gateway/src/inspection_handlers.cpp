// Inspections: the streamed multipart submission, reads, exports, photos.
#include <charconv>

#include "handlers.h"
#include "hazegate/inspection/inspection_json.h"

namespace hazegate::internal {

namespace {

using nlohmann::json;

const char* const kVerdicts[] = {"compliant", "non_compliant"};
const char* const kFlags[] = {"outside_geofence", "exif_location_mismatch",
                              "exif_time_mismatch", "outside_warning_period",
                              "photo_reused"};

Result<InspectionFilter> ParseFilter(const HandlerDeps& deps,
                                     const RequestContext& ctx,
                                     const httplib::Request& req) {
  auto page = ParsePage(req);
  if (!page.ok()) return page.error();
  auto area = CountyArea(deps, ctx);
  if (!area.ok()) return area.error();
  InspectionFilter filter{req.get_param_value("site"),
                          req.get_param_value("warning"),
                          req.get_param_value("verdict"),
                          req.get_param_value("flag"),
                          std::nullopt,
                          VisibleSite(ctx),
                          area.value(),
                          {page.value().limit, page.value().before}};
  if (!filter.verdict.empty() && !OneOf(filter.verdict, kVerdicts)) {
    return Error::InvalidField("verdict", "must be compliant or non_compliant");
  }
  if (!filter.flag.empty() && !OneOf(filter.flag, kFlags)) {
    return Error::InvalidField("flag", "unknown flag " + filter.flag);
  }
  const std::string since = req.get_param_value("since");
  if (!since.empty()) {
    filter.since = ParseRfc3339(since);
    if (!filter.since) {
      return Error::InvalidField("since", "must be an RFC 3339 time");
    }
  }
  return filter;
}

// Reads a multipart body through `builder`; the parts' own errors are
// reported by the builder, transport failures here.
Status ReadMultipart(const httplib::Request& req,
                     const httplib::ContentReader& reader,
                     const httplib::Response& transport,
                     SubmissionBuilder* builder) {
  if (!req.is_multipart_form_data()) {
    DrainBody(req, reader);
    return Error::Unsupported("Content-Type must be multipart/form-data");
  }
  // The parts' errors are kept by the builder, which then ignores the rest:
  // reading on lets a client that is still sending see the answer.
  const bool complete = reader(
      [builder](const httplib::MultipartFormData& part) {
        builder->BeginPart(part.name, part.content_type);
        return true;
      },
      [builder](const char* data, size_t size) {
        builder->Append(data, size);
        return true;
      });
  if (builder->error()) return *builder->error();
  if (complete) return Ok{};
  if (transport.status == 413) {
    return Error::TooLarge("the request body is over its limit");
  }
  return Error::InvalidField("body",
                             "the multipart body is truncated or "
                             "malformed");
}

Result<HttpReply> Submit(const HandlerDeps& deps, const RequestContext& ctx,
                         const httplib::Request& req,
                         const httplib::ContentReader& reader,
                         const httplib::Response& transport) {
  SubmissionBuilder builder(deps.blobs, {}, [&deps](const std::string& sha256) {
    return deps.inspections.StoredPhoto(sha256);
  });
  auto read = ReadMultipart(req, reader, transport, &builder);
  if (!read.ok()) return read.error();
  auto submission = builder.Finish();
  if (!submission.ok()) return submission.error();
  auto outcome =
      deps.inspections.Submit(std::move(submission).value(), ActorOf(ctx));
  if (!outcome.ok()) return outcome.error();
  return HttpReply::Json(outcome.value().created ? 201 : 200,
                         AnswerToJson(outcome.value().answer));
}

// ?w=N: the width of a scaled copy (1…1024); 0 = the original.
Result<int> ThumbnailWidth(const httplib::Request& req) {
  if (!req.has_param("w")) return 0;
  const std::string text = req.get_param_value("w");
  int width = 0;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), width);
  if (error != std::errc() || end != text.data() + text.size() || width < 1 ||
      width > 1024) {
    return Error::InvalidField("w", "must be a width from 1 to 1024");
  }
  return width;
}

Result<HttpReply> Photo(const HandlerDeps& deps, const RequestContext& ctx,
                        const httplib::Request& req) {
  const std::string sha256 = req.matches[1];
  auto width = ThumbnailWidth(req);
  if (!width.ok()) return width.error();
  const int snapped = width.value() ? Thumbnails::SnapWidth(width.value()) : 0;
  const std::string etag =
      "\"" + sha256 + (snapped ? "-w" + std::to_string(snapped) : "") + "\"";
  auto area = CountyArea(deps, ctx);
  if (!area.ok()) return area.error();
  auto visible =
      deps.inspections.PhotoVisible(sha256, VisibleSite(ctx), area.value());
  if (!visible.ok()) return visible.error();
  HttpReply reply;
  reply.content_type = "image/jpeg";
  reply.headers = {{"ETag", etag},
                   {"Cache-Control", "private, max-age=31536000, immutable"}};
  if (NotModified(req, etag)) {
    reply.status = 304;
    return reply;  // the client has the bytes: no need to read them
  }
  auto bytes =
      snapped ? deps.thumbnails.Get(sha256, snapped) : deps.blobs.Read(sha256);
  if (!bytes.ok()) return bytes.error();
  reply.body = std::move(bytes).value();
  return reply;
}

Result<HttpReply> Csv(const HandlerDeps& deps, const RequestContext& ctx,
                      const httplib::Request& req) {
  const std::string warning = req.get_param_value("warning");
  if (warning.empty()) {
    return Error::InvalidField("warning", "is required: the warning's id");
  }
  auto area = CountyArea(deps, ctx);
  if (!area.ok()) return area.error();
  auto csv = deps.inspections.Csv(warning, area.value());
  if (!csv.ok()) return csv.error();
  return HttpReply::CsvFile(std::move(csv).value(),
                            "inspections-" + warning + ".csv");
}

}  // namespace

std::span<const Endpoint> InspectionEndpoints() {
  static const Endpoint endpoints[] = {
      {{"POST",
        "/api/v1/inspections",
        "POST /api/v1/inspections",
        true,
        {Role::kInspector}},
       nullptr,
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req, const httplib::ContentReader& reader,
          const httplib::Response& transport) {
         return Submit(deps, ctx, req, reader, transport);
       }},
      {{"GET", "/api/v1/inspections", "GET /api/v1/inspections", true,
        kStaffAndEnterprise},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         auto filter = ParseFilter(deps, ctx, req);
         if (!filter.ok()) return Result<HttpReply>(filter.error());
         return JsonReply(200,
                          AsJsonArray(deps.inspections.List(filter.value()),
                                      InspectionToJson));
       }},
      {{"GET", "/api/v1/inspections\\.geojson",
        "GET /api/v1/inspections.geojson", true, kStaffAndEnterprise, true},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) {
         auto filter = ParseFilter(deps, ctx, req);
         if (!filter.ok()) return Result<HttpReply>(filter.error());
         auto listed = deps.inspections.List(filter.value());
         if (!listed.ok()) return Result<HttpReply>(listed.error());
         HttpReply reply =
             HttpReply::Json(200, InspectionsGeoJson(listed.value()));
         reply.content_type = "application/geo+json";
         return Result<HttpReply>(std::move(reply));
       }},
      {{"GET", "/api/v1/inspections\\.csv", "GET /api/v1/inspections.csv", true,
        kStaff, true},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) { return Csv(deps, ctx, req); }},
      {{"GET", "/api/v1/inspections/([^/]+)", "GET /api/v1/inspections/{id}",
        true, kStaffAndEnterprise},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) -> Result<HttpReply> {
         auto area = CountyArea(deps, ctx);
         if (!area.ok()) return area.error();
         return JsonReply(
             200, AsJson(deps.inspections.Get(req.matches[1], VisibleSite(ctx),
                                              area.value()),
                         InspectionToJson));
       }},
      {{"GET", "/api/v1/photos/([^/]+)", "GET /api/v1/photos/{sha256}", true,
        kStaffAndEnterprise},
       [](const HandlerDeps& deps, const RequestContext& ctx,
          const httplib::Request& req) { return Photo(deps, ctx, req); }},
  };
  return endpoints;
}

}  // namespace hazegate::internal
