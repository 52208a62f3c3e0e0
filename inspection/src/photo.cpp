#include "hazegate/inspection/photo.h"

#include <turbojpeg.h>

#include <algorithm>
#include <cmath>
#include <exiv2/exiv2.hpp>
#include <memory>
#include <mutex>
#include <vector>

#include "hazegate/core/concurrency.h"

namespace hazegate {

namespace {

// A 48-megapixel phone photo fits. A progressive JPEG keeps every
// coefficient of the image in memory while it decodes (up to 6 bytes per
// pixel), so it gets a smaller limit; and each scan runs over the whole
// image, so their number is bounded too (encoders write about 10).
constexpr long kMaxPixels = 50L * 1000 * 1000;
constexpr long kMaxProgressivePixels = 12L * 1000 * 1000;
constexpr int kMaxScans = 100;
// Decoding at 1/8 scale still runs the whole entropy-coded stream (what
// proves the file is a complete JPEG) but keeps the pixel buffer small.
constexpr tjscalingfactor kEighth = {1, 8};

struct TjDeleter {
  void operator()(void* handle) const { tjDestroy(handle); }
};
using TjHandle = std::unique_ptr<void, TjDeleter>;

Error NotAJpeg(const std::string& why) {
  return Error::Unsupported("photo is not a JPEG that decodes: " + why);
}

struct Layout {
  int scans = 0;
  bool progressive = false;
};

// Walks the marker segments (stepping through entropy-coded data byte by
// byte) to count the scans (SOS) and see the frame type, without decoding.
Layout ReadLayout(const unsigned char* data, size_t size) {
  Layout layout;
  size_t i = 2;
  while (i + 4 <= size) {
    const unsigned char marker = data[i + 1];
    if (data[i] != 0xFF || marker == 0xFF) {
      ++i;  // entropy-coded data or a fill byte
      continue;
    }
    if (marker == 0x00 || (marker >= 0xD0 && marker <= 0xD7)) {
      i += 2;  // a stuffed zero or a restart marker
      continue;
    }
    if (marker == 0xD9) break;  // end of image
    if (marker == 0xDA) ++layout.scans;
    // SOF2, SOF6, SOF10, SOF14: progressive frames.
    if (marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE) {
      layout.progressive = true;
    }
    i += 2 + ((static_cast<size_t>(data[i + 2]) << 8) | data[i + 3]);
  }
  return layout;
}

// At most one decode per core.
ConcurrencyLimit& Decoders() {
  static ConcurrencyLimit limit;
  return limit;
}

// The limits that need no decoding: pixels (413), scans (415).
Status CheckBounds(const unsigned char* data, size_t size, int width,
                   int height) {
  const Layout layout = ReadLayout(data, size);
  const long pixels = static_cast<long>(width) * height;
  if (pixels > kMaxPixels) {
    return Error::TooLarge("photo has more than 50 megapixels");
  }
  if (layout.progressive && pixels > kMaxProgressivePixels) {
    return Error::TooLarge(
        "a progressive photo may have at most 12 megapixels");
  }
  if (layout.scans > kMaxScans) {
    return NotAJpeg("more than " + std::to_string(kMaxScans) + " scans");
  }
  return Ok{};
}

Result<PhotoFacts> Decode(const unsigned char* data, size_t size) {
  thread_local TjHandle handle(tjInitDecompress());
  if (!handle) return Error::Internal("tjInitDecompress failed");
  int width = 0;
  int height = 0;
  int subsampling = 0;
  int colorspace = 0;
  if (tjDecompressHeader3(handle.get(), data, size, &width, &height,
                          &subsampling, &colorspace) != 0) {
    return NotAJpeg(tjGetErrorStr2(handle.get()));
  }
  auto bounded = CheckBounds(data, size, width, height);
  if (!bounded.ok()) return bounded.error();
  const int scaled_width = TJSCALED(width, kEighth);
  const int scaled_height = TJSCALED(height, kEighth);
  std::vector<unsigned char> pixels(static_cast<size_t>(scaled_width) *
                                    scaled_height);
  int failed = 0;
  {
    ConcurrencyLimit::Slot slot(Decoders());
    failed = tjDecompress2(handle.get(), data, size, pixels.data(),
                           scaled_width, 0, scaled_height, TJPF_GRAY,
                           TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS);
  }
  if (failed != 0) return NotAJpeg(tjGetErrorStr2(handle.get()));
  return PhotoFacts{width, height, std::nullopt, std::nullopt};
}

void InitExiv2() {
  static std::once_flag once;
  std::call_once(once, [] {
    Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
    Exiv2::XmpParser::initialize();
  });
}

const Exiv2::Exifdatum* Find(const Exiv2::ExifData& exif, const char* key) {
  const auto it = exif.findKey(Exiv2::ExifKey(key));
  return it == exif.end() ? nullptr : &*it;
}

// "2026:12:01 10:15:00" (+ "+08:00" from OffsetTimeOriginal, else Beijing).
std::optional<TimePoint> ExifTime(const Exiv2::ExifData& exif) {
  const Exiv2::Exifdatum* original = Find(exif, "Exif.Photo.DateTimeOriginal");
  if (original == nullptr) return std::nullopt;
  std::string text = original->toString();
  if (text.size() < 19) return std::nullopt;
  text = text.substr(0, 19);
  text[4] = '-';
  text[7] = '-';
  text[10] = 'T';
  const Exiv2::Exifdatum* offset = Find(exif, "Exif.Photo.OffsetTimeOriginal");
  const std::string zone = offset != nullptr && offset->toString().size() == 6
                               ? offset->toString()
                               : "+08:00";
  return ParseRfc3339(text + zone);
}

std::optional<double> Degrees(const Exiv2::ExifData& exif, const char* key,
                              const char* ref_key, char negative) {
  const Exiv2::Exifdatum* value = Find(exif, key);
  const Exiv2::Exifdatum* ref = Find(exif, ref_key);
  if (value == nullptr || value->count() != 3) return std::nullopt;
  double degrees = 0;
  double unit = 1;
  for (long i = 0; i < 3; ++i, unit *= 60) {
    const Exiv2::Rational part = value->toRational(i);
    if (part.second == 0) return std::nullopt;
    degrees += static_cast<double>(part.first) / part.second / unit;
  }
  if (!std::isfinite(degrees)) return std::nullopt;
  if (ref != nullptr && !ref->toString().empty() &&
      ref->toString()[0] == negative) {
    degrees = -degrees;
  }
  return degrees;
}

std::optional<GeoPoint> ExifLocation(const Exiv2::ExifData& exif) {
  const auto lat = Degrees(exif, "Exif.GPSInfo.GPSLatitude",
                           "Exif.GPSInfo.GPSLatitudeRef", 'S');
  const auto lon = Degrees(exif, "Exif.GPSInfo.GPSLongitude",
                           "Exif.GPSInfo.GPSLongitudeRef", 'W');
  if (!lat || !lon || std::abs(*lat) > 90 || std::abs(*lon) > 180) {
    return std::nullopt;
  }
  return GeoPoint{*lat, *lon};
}

// EXIF is evidence, not a requirement: unreadable metadata is no metadata.
void ReadExif(const unsigned char* data, size_t size, PhotoFacts* facts) {
  InitExiv2();
  try {
    auto image = Exiv2::ImageFactory::open(data, static_cast<long>(size));
    if (image.get() == nullptr) return;
    image->readMetadata();
    const Exiv2::ExifData& exif = image->exifData();
    facts->taken_at = ExifTime(exif);
    facts->location = ExifLocation(exif);
  } catch (const std::exception&) {
    facts->taken_at.reset();
    facts->location.reset();
  }
}

}  // namespace

Result<PhotoFacts> InspectJpeg(const unsigned char* data, size_t size) {
  if (size < 4 || data[0] != 0xFF || data[1] != 0xD8) {
    return NotAJpeg("no JPEG start-of-image marker");
  }
  auto facts = Decode(data, size);
  if (!facts.ok()) return facts;
  ReadExif(data, size, &facts.value());
  return facts;
}

}  // namespace hazegate
