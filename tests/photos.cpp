#include "photos.h"

#include <turbojpeg.h>

#include <cmath>
#include <exiv2/exiv2.hpp>
#include <stdexcept>
#include <vector>

namespace hazegate::testing {

namespace {

std::string Encode(int width, int height, int seed) {
  std::vector<unsigned char> rgb(static_cast<size_t>(width) * height * 3);
  for (size_t i = 0; i < rgb.size(); ++i) {
    rgb[i] = static_cast<unsigned char>((i * 31 + seed * 97 + i / 7) & 0xFF);
  }
  tjhandle handle = tjInitCompress();
  unsigned char* jpeg = nullptr;
  unsigned long size = 0;
  const int rc = tjCompress2(handle, rgb.data(), width, 0, height, TJPF_RGB,
                             &jpeg, &size, TJSAMP_420, 90, 0);
  std::string bytes(reinterpret_cast<char*>(jpeg), size);
  tjFree(jpeg);
  tjDestroy(handle);
  if (rc != 0) throw std::runtime_error("tjCompress2 failed");
  return bytes;
}

// "44/1 0/1 3600/100" for 44.01 degrees.
std::string Dms(double degrees) {
  degrees = std::abs(degrees);
  const int whole = static_cast<int>(degrees);
  const double minutes = (degrees - whole) * 60;
  const int whole_minutes = static_cast<int>(minutes);
  const long centiseconds = std::lround((minutes - whole_minutes) * 6000);
  return std::to_string(whole) + "/1 " + std::to_string(whole_minutes) + "/1 " +
         std::to_string(centiseconds) + "/100";
}

std::string AddExif(const std::string& jpeg, const ExifTags& tags) {
  auto image = Exiv2::ImageFactory::open(
      reinterpret_cast<const Exiv2::byte*>(jpeg.data()),
      static_cast<long>(jpeg.size()));
  image->readMetadata();
  Exiv2::ExifData exif;
  if (!tags.date_time_original.empty()) {
    exif["Exif.Photo.DateTimeOriginal"] = tags.date_time_original;
  }
  if (tags.lat && tags.lon) {
    exif["Exif.GPSInfo.GPSLatitudeRef"] = *tags.lat < 0 ? "S" : "N";
    exif["Exif.GPSInfo.GPSLatitude"] = Exiv2::URationalValue();
    exif["Exif.GPSInfo.GPSLatitude"].setValue(Dms(*tags.lat));
    exif["Exif.GPSInfo.GPSLongitudeRef"] = *tags.lon < 0 ? "W" : "E";
    exif["Exif.GPSInfo.GPSLongitude"] = Exiv2::URationalValue();
    exif["Exif.GPSInfo.GPSLongitude"].setValue(Dms(*tags.lon));
  }
  image->setExifData(exif);
  image->writeMetadata();
  Exiv2::BasicIo& io = image->io();
  io.seek(0, Exiv2::BasicIo::beg);
  const Exiv2::DataBuf buffer = io.read(static_cast<long>(io.size()));
  return std::string(reinterpret_cast<const char*>(buffer.pData_),
                     static_cast<size_t>(buffer.size_));
}

}  // namespace

std::string MakeJpeg(int width, int height, int seed,
                     const std::optional<ExifTags>& exif) {
  const std::string jpeg = Encode(width, height, seed);
  return exif ? AddExif(jpeg, *exif) : jpeg;
}

std::string TinyPng() {
  static const unsigned char kPng[] = {
      0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D,
      0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
      0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00,
      0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
      0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
      0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
  return std::string(reinterpret_cast<const char*>(kPng), sizeof(kPng));
}

}  // namespace hazegate::testing
