// What a photo proves: it decodes as a JPEG (libjpeg-turbo, entire entropy
// stream) and carries, when present, EXIF DateTimeOriginal and GPS (exiv2).
// Thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/inspection/geofence.h"

namespace hazegate {

struct PhotoFacts {
  int width = 0;
  int height = 0;
  std::optional<TimePoint> taken_at;  // EXIF time; Beijing time unless
                                      // OffsetTimeOriginal says otherwise
  std::optional<GeoPoint> location;   // EXIF GPS
};

// kUnsupportedMedia unless `data` is a JPEG that decodes without error or
// warning; kPayloadTooLarge past 120 megapixels.
Result<PhotoFacts> InspectJpeg(const unsigned char* data, size_t size);

}  // namespace hazegate
