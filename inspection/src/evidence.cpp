#include "evidence.h"

#include <cmath>

namespace hazegate::internal {

namespace {

std::string Metres(double metres) {
  return std::to_string(static_cast<long>(std::lround(metres))) + " m";
}

std::string PhotoLabel(size_t index) {
  return "photo " + std::to_string(index + 1);
}

std::optional<EvidenceFlag> ExifLocationFlag(const EvidenceInput& input,
                                             const EvidencePolicy& policy) {
  for (size_t i = 0; i < input.photos.size(); ++i) {
    const auto& where = input.photos[i].facts.location;
    if (!where) continue;
    const double distance = DistanceMeters(*where, input.report.location);
    if (distance > input.report.accuracy_m + policy.exif_distance_slack_m) {
      return EvidenceFlag{"exif_location_mismatch",
                          PhotoLabel(i) + " was taken " + Metres(distance) +
                              " from the reported location"};
    }
  }
  return std::nullopt;
}

std::optional<EvidenceFlag> ExifTimeFlag(const EvidenceInput& input,
                                         const EvidencePolicy& policy) {
  for (size_t i = 0; i < input.photos.size(); ++i) {
    const auto& taken = input.photos[i].facts.taken_at;
    if (!taken) continue;
    if (*taken > input.now + policy.clock_skew) {
      return EvidenceFlag{"exif_time_mismatch", PhotoLabel(i) + " is dated " +
                                                    FormatRfc3339(*taken) +
                                                    ", in the future"};
    }
    const auto apart = *taken > input.report.captured_at
                           ? *taken - input.report.captured_at
                           : input.report.captured_at - *taken;
    if (apart > policy.exif_time_slack) {
      return EvidenceFlag{
          "exif_time_mismatch",
          PhotoLabel(i) + " was taken at " + FormatRfc3339(*taken) + ", " +
              std::to_string(
                  std::chrono::duration_cast<std::chrono::minutes>(apart)
                      .count()) +
              " min from captured_at"};
    }
  }
  return std::nullopt;
}

std::optional<EvidenceFlag> WarningPeriodFlag(const EvidenceInput& input) {
  if (!input.warning) return std::nullopt;
  const WarningPeriod& w = *input.warning;
  const TimePoint at = input.report.captured_at;
  if (w.status == "proposed" || w.status == "rejected") {
    return EvidenceFlag{
        "outside_warning_period",
        "warning " + w.id + " was never in force (" + w.status + ")"};
  }
  if (at < w.starts_at || (w.ends_at && at > *w.ends_at)) {
    return EvidenceFlag{"outside_warning_period",
                        "captured_at is outside warning " + w.id + " (" +
                            FormatRfc3339(w.starts_at) + " to " +
                            (w.ends_at ? FormatRfc3339(*w.ends_at) : "open") +
                            ")"};
  }
  return std::nullopt;
}

std::optional<EvidenceFlag> ReusedPhotoFlag(const EvidenceInput& input) {
  for (size_t i = 0; i < input.reused_in.size(); ++i) {
    if (!input.reused_in[i].empty()) {
      return EvidenceFlag{
          "photo_reused",
          PhotoLabel(i) + " is also in report " + input.reused_in[i]};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<LocationCheck> CheckSiteLocation(const EvidenceInput& input) {
  if (!input.site.location) return std::nullopt;
  return CheckLocation(*input.site.location, input.site.geofence_m,
                       input.report.location, input.report.accuracy_m);
}

std::vector<EvidenceFlag> CheckEvidence(const EvidenceInput& input,
                                        const EvidencePolicy& policy) {
  std::vector<EvidenceFlag> flags;
  const auto location = CheckSiteLocation(input);
  if (location && !location->within_geofence) {
    flags.push_back({"outside_geofence",
                     "reported " + Metres(location->distance_m) +
                         " from the site; geofence " +
                         Metres(input.site.geofence_m) + " + accuracy " +
                         Metres(input.report.accuracy_m)});
  }
  for (auto flag :
       {ExifLocationFlag(input, policy), ExifTimeFlag(input, policy),
        WarningPeriodFlag(input), ReusedPhotoFlag(input)}) {
    if (flag) flags.push_back(std::move(*flag));
  }
  return flags;
}

}  // namespace hazegate::internal
