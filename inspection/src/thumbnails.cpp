#include "hazegate/inspection/thumbnails.h"

#include <turbojpeg.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "hazegate/core/concurrency.h"

namespace hazegate {

namespace {

namespace fs = std::filesystem;

constexpr int kMinWidth = 16;
constexpr int kMaxWidth = 1024;
constexpr int kQuality = 80;

struct TjDeleter {
  void operator()(void* handle) const { tjDestroy(handle); }
};
using TjHandle = std::unique_ptr<void, TjDeleter>;

struct Image {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> rgb;
};

// The smallest of libjpeg-turbo's DCT scales (1/8 … 1) that keeps the image
// at least `width` wide: decoding at it costs a fraction of a full decode.
tjscalingfactor ScaleFor(int original_width, int width) {
  int count = 0;
  const tjscalingfactor* factors = tjGetScalingFactors(&count);
  tjscalingfactor best = {1, 1};
  for (int i = 0; i < count; ++i) {
    const tjscalingfactor f = factors[i];
    if (f.num > f.denom) continue;  // no upscaling
    if (TJSCALED(original_width, f) >= width &&
        f.num * best.denom < best.num * f.denom) {
      best = f;
    }
  }
  return best;
}

// Averages `in` down to `width` columns (box filter), keeping the aspect.
Image Shrink(const Image& in, int width) {
  if (in.width <= width) return in;
  Image out{width, std::max(1, in.height * width / in.width), {}};
  out.rgb.assign(static_cast<size_t>(out.width) * out.height * 3, 0);
  for (int y = 0; y < out.height; ++y) {
    const int y0 = y * in.height / out.height;
    const int y1 = std::max(y0 + 1, (y + 1) * in.height / out.height);
    for (int x = 0; x < out.width; ++x) {
      const int x0 = x * in.width / out.width;
      const int x1 = std::max(x0 + 1, (x + 1) * in.width / out.width);
      unsigned sum[3] = {0, 0, 0};
      for (int sy = y0; sy < y1; ++sy) {
        const unsigned char* row =
            &in.rgb[(static_cast<size_t>(sy) * in.width + x0) * 3];
        for (int sx = x0; sx < x1; ++sx, row += 3) {
          for (int c = 0; c < 3; ++c) sum[c] += row[c];
        }
      }
      const unsigned n = static_cast<unsigned>((y1 - y0) * (x1 - x0));
      unsigned char* px =
          &out.rgb[(static_cast<size_t>(y) * out.width + x) * 3];
      for (int c = 0; c < 3; ++c)
        px[c] = static_cast<unsigned char>(sum[c] / n);
    }
  }
  return out;
}

Result<Image> DecodeScaled(const std::string& jpeg, int width) {
  TjHandle handle(tjInitDecompress());
  if (!handle) return Error::Internal("tjInitDecompress failed");
  const auto* data = reinterpret_cast<const unsigned char*>(jpeg.data());
  int original_width = 0, original_height = 0, subsampling = 0, colorspace = 0;
  if (tjDecompressHeader3(handle.get(), data, jpeg.size(), &original_width,
                          &original_height, &subsampling, &colorspace) != 0) {
    return Error::Internal(std::string("thumbnail: ") +
                           tjGetErrorStr2(handle.get()));
  }
  const tjscalingfactor scale = ScaleFor(original_width, width);
  Image image{
      TJSCALED(original_width, scale), TJSCALED(original_height, scale), {}};
  image.rgb.resize(static_cast<size_t>(image.width) * image.height * 3);
  if (tjDecompress2(handle.get(), data, jpeg.size(), image.rgb.data(),
                    image.width, 0, image.height, TJPF_RGB, 0) != 0) {
    return Error::Internal(std::string("thumbnail: ") +
                           tjGetErrorStr2(handle.get()));
  }
  return image;
}

Result<std::string> Encode(const Image& image) {
  TjHandle handle(tjInitCompress());
  if (!handle) return Error::Internal("tjInitCompress failed");
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  const int failed =
      tjCompress2(handle.get(), image.rgb.data(), image.width, 0, image.height,
                  TJPF_RGB, &buffer, &size, TJSAMP_420, kQuality, 0);
  std::unique_ptr<unsigned char, void (*)(unsigned char*)> owned(buffer,
                                                                 tjFree);
  if (failed != 0) {
    return Error::Internal(std::string("thumbnail: ") +
                           tjGetErrorStr2(handle.get()));
  }
  return std::string(reinterpret_cast<const char*>(buffer), size);
}

// At most one scaling per core, as for the checks of uploads.
ConcurrencyLimit& Scalers() {
  static ConcurrencyLimit limit;
  return limit;
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// Writes beside, then renames: a reader never sees half a file.
void Keep(const std::string& dir, const std::string& path,
          const std::string& bytes) {
  std::error_code error;
  fs::create_directories(dir, error);
  const std::string temporary =
      path + ".tmp" +
      std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()));
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return;  // a cache: the next request makes it again
  }
  fs::rename(temporary, path, error);
  if (error) fs::remove(temporary, error);
}

}  // namespace

Thumbnails::Thumbnails(const BlobStore& blobs, std::string dir)
    : blobs_(blobs), dir_(std::move(dir)) {}

int Thumbnails::SnapWidth(int requested) {
  int width = kMinWidth;
  while (width * 2 <= std::min(requested, kMaxWidth)) width *= 2;
  return width;
}

Result<std::string> Thumbnails::Get(const std::string& sha256,
                                    int width) const {
  if (!blobs_.Exists(sha256)) return Error::NotFound("photo " + sha256);
  width = SnapWidth(width);
  const std::string path =
      dir_ + "/" + sha256 + "-" + std::to_string(width) + ".jpg";
  if (auto kept = ReadFile(path)) return *kept;
  auto original = blobs_.Read(sha256);
  if (!original.ok()) return original.error();
  std::string thumbnail;
  {
    ConcurrencyLimit::Slot slot(Scalers());
    auto decoded = DecodeScaled(original.value(), width);
    if (!decoded.ok()) return decoded.error();
    auto encoded = Encode(Shrink(decoded.value(), width));
    if (!encoded.ok()) return encoded.error();
    thumbnail = std::move(encoded).value();
  }
  Keep(dir_, path, thumbnail);
  return thumbnail;
}

}  // namespace hazegate
