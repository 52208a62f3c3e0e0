#include "hazegate/inspection/photo.h"

#include <turbojpeg.h>

#include <cmath>
#include <exiv2/exiv2.hpp>
#include <memory>
#include <mutex>
#include <vector>

namespace hazegate {

namespace {

constexpr long kMaxPixels = 120L * 1000 * 1000;
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
  if (static_cast<long>(width) * height > kMaxPixels) {
    return Error::TooLarge("photo has more than 120 megapixels");
  }
  const int scaled_width = TJSCALED(width, kEighth);
  const int scaled_height = TJSCALED(height, kEighth);
  std::vector<unsigned char> pixels(static_cast<size_t>(scaled_width) *
                                    scaled_height);
  if (tjDecompress2(handle.get(), data, size, pixels.data(), scaled_width, 0,
                    scaled_height, TJPF_GRAY, TJFLAG_STOPONWARNING) != 0) {
    return NotAJpeg(tjGetErrorStr2(handle.get()));
  }
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
