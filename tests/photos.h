// Real JPEGs for tests: encoded by libjpeg-turbo, EXIF written by exiv2.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace hazegate::testing {

struct ExifTags {
  std::string date_time_original;  // "2026:12:01 10:00:00"
  std::optional<double> lat;       // degrees; negative = south
  std::optional<double> lon;       // degrees; negative = west
};

// A width x height JPEG whose pixels depend on `seed` (so different seeds
// give different hashes), with `exif` when given.
std::string MakeJpeg(int width, int height, int seed,
                     const std::optional<ExifTags>& exif = std::nullopt);

// A progressive JPEG: libjpeg's usual 10 scans, or (`scan_bomb`, issue
// 10.4) a valid scan script that refines every AC coefficient of each
// colour component one bit at a time, 3 x 63 x 11 + 1 = 2080 scans, each of
// which runs over the whole image.
std::string MakeProgressive(int width, int height, bool scan_bomb);

// A valid small JPEG whose frame header claims width x height.
std::string JpegClaiming(int width, int height);

// The width and height a JPEG's frame header states, or nullopt.
std::optional<std::pair<int, int>> JpegSize(const std::string& jpeg);

// A valid 1x1 PNG.
std::string TinyPng();

}  // namespace hazegate::testing
