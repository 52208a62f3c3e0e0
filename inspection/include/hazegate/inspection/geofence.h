// Where an inspection report was made, checked against the site's geofence.
// Pure functions; thread-safe.
#pragma once

namespace hazegate {

struct GeoPoint {
  double lat = 0;  // degrees, WGS 84
  double lon = 0;
};

// Great-circle distance in metres (haversine on the mean Earth radius).
double DistanceMeters(GeoPoint a, GeoPoint b);

struct LocationCheck {
  double distance_m = 0;
  bool within_geofence = false;
};

// A report is within the geofence when its distance from the site is at most
// the geofence radius plus the reported GPS accuracy (the phone may be right
// at the edge of its own error circle).
LocationCheck CheckLocation(GeoPoint site, double geofence_m, GeoPoint reported,
                            double accuracy_m);

}  // namespace hazegate
