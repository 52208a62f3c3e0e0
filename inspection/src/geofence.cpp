#include "hazegate/inspection/geofence.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace hazegate {

namespace {

constexpr double kEarthRadiusM = 6371008.8;  // IUGG mean radius

double Radians(double degrees) { return degrees * std::numbers::pi / 180.0; }

}  // namespace

double DistanceMeters(GeoPoint a, GeoPoint b) {
  const double dlat = Radians(b.lat - a.lat);
  const double dlon = Radians(b.lon - a.lon);
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(Radians(a.lat)) * std::cos(Radians(b.lat)) *
                       std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

LocationCheck CheckLocation(GeoPoint site, double geofence_m, GeoPoint reported,
                            double accuracy_m) {
  const double distance = DistanceMeters(site, reported);
  return {distance, distance <= geofence_m + std::max(accuracy_m, 0.0)};
}

}  // namespace hazegate
