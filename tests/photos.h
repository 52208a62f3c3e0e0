// Real JPEGs for tests: encoded by libjpeg-turbo, EXIF written by exiv2.
#pragma once

#include <optional>
#include <string>

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

// A valid 1x1 PNG.
std::string TinyPng();

}  // namespace hazegate::testing
