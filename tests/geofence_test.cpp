#include "hazegate/inspection/geofence.h"

#include <gtest/gtest.h>

namespace hazegate {
namespace {

TEST(Geofence, OneDegreeOfLatitudeIsAbout111Km) {
  EXPECT_NEAR(DistanceMeters({44.0, 87.0}, {45.0, 87.0}), 111195.0, 1.0);
}

TEST(Geofence, DistanceIsSymmetricAndZeroAtTheSamePoint) {
  const GeoPoint changji{44.01, 87.30}, fukang{44.16, 87.99};
  EXPECT_DOUBLE_EQ(DistanceMeters(changji, fukang),
                   DistanceMeters(fukang, changji));
  EXPECT_EQ(DistanceMeters(changji, changji), 0.0);
  // Changji to Fukang city centres: about 57 km.
  EXPECT_NEAR(DistanceMeters(changji, fukang), 57500.0, 1500.0);
}

TEST(Geofence, AccuracyWidensTheFence) {
  const GeoPoint site{44.0, 87.0};
  const GeoPoint about_400m_north{44.0036, 87.0};
  const LocationCheck strict = CheckLocation(site, 300, about_400m_north, 0);
  EXPECT_NEAR(strict.distance_m, 400.3, 1.0);
  EXPECT_FALSE(strict.within_geofence);
  EXPECT_TRUE(CheckLocation(site, 300, about_400m_north, 150).within_geofence);
  EXPECT_FALSE(CheckLocation(site, 300, about_400m_north, -50).within_geofence);
}

}  // namespace
}  // namespace hazegate
