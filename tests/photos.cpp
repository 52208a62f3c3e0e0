#include "photos.h"

#include <jpeglib.h>
#include <turbojpeg.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exiv2/exiv2.hpp>
#include <memory>
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

// 2080 scans: all DC at once, then for each component and coefficient a
// first scan at Al = 10 and ten refinements.
std::vector<jpeg_scan_info> BombScript() {
  std::vector<jpeg_scan_info> scans;
  scans.push_back({3, {0, 1, 2, 0}, 0, 0, 0, 0});
  for (int component = 0; component < 3; ++component) {
    for (int k = 1; k < 64; ++k) {
      scans.push_back({1, {component, 0, 0, 0}, k, k, 0, 10});
      for (int al = 9; al >= 0; --al) {
        scans.push_back({1, {component, 0, 0, 0}, k, k, al + 1, al});
      }
    }
  }
  return scans;
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

std::string MakeProgressive(int width, int height, bool scan_bomb) {
  jpeg_compress_struct info{};
  jpeg_error_mgr errors{};
  info.err = jpeg_std_error(&errors);
  jpeg_create_compress(&info);
  unsigned char* out = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&info, &out, &size);
  info.image_width = static_cast<JDIMENSION>(width);
  info.image_height = static_cast<JDIMENSION>(height);
  info.input_components = 3;
  info.in_color_space = JCS_RGB;
  jpeg_set_defaults(&info);
  const std::vector<jpeg_scan_info> script = BombScript();
  if (scan_bomb) {
    info.scan_info = script.data();
    info.num_scans = static_cast<int>(script.size());
  } else {
    jpeg_simple_progression(&info);
  }
  jpeg_start_compress(&info, TRUE);
  std::vector<unsigned char> row(static_cast<size_t>(width) * 3);
  while (info.next_scanline < info.image_height) {
    for (size_t i = 0; i < row.size(); ++i) {
      row[i] =
          static_cast<unsigned char>((i * 7 + info.next_scanline * 13) & 0xFF);
    }
    JSAMPROW rows[1] = {row.data()};
    jpeg_write_scanlines(&info, rows, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  std::string bytes(reinterpret_cast<char*>(out), size);
  std::free(out);
  return bytes;
}

std::string JpegClaiming(int width, int height) {
  std::string jpeg = Encode(16, 16, 1);
  const size_t sof = jpeg.find("\xFF\xC0");
  if (sof == std::string::npos) throw std::runtime_error("no SOF0");
  // FF C0, length (2), precision (1), height (2), width (2).
  jpeg[sof + 5] = static_cast<char>(height >> 8);
  jpeg[sof + 6] = static_cast<char>(height & 0xFF);
  jpeg[sof + 7] = static_cast<char>(width >> 8);
  jpeg[sof + 8] = static_cast<char>(width & 0xFF);
  return jpeg;
}

std::optional<std::pair<int, int>> JpegSize(const std::string& jpeg) {
  std::unique_ptr<void, int (*)(tjhandle)> handle(tjInitDecompress(),
                                                  tjDestroy);
  int width = 0, height = 0, subsampling = 0, colorspace = 0;
  if (tjDecompressHeader3(
          handle.get(), reinterpret_cast<const unsigned char*>(jpeg.data()),
          jpeg.size(), &width, &height, &subsampling, &colorspace) != 0) {
    return std::nullopt;
  }
  return std::make_pair(width, height);
}

}  // namespace hazegate::testing
