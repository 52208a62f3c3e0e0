// Scaled copies of stored photos for lists and the console
// (GET /photos/{sha256}?w=N). Thread-safe; the BlobStore outlives it.
// A width snaps down to a power of two from 16 to 1024, so a photo has at
// most seven copies; each is made once and kept in BLOBS/thumbs/.
#pragma once

#include <string>

#include "hazegate/core/result.h"
#include "hazegate/inspection/blob_store.h"

namespace hazegate {

class Thumbnails {
 public:
  explicit Thumbnails(const BlobStore& blobs, std::string dir);

  // The width a request for `requested` pixels gets (16..1024).
  static int SnapWidth(int requested);

  // A JPEG of the stored photo no wider than SnapWidth(width), never
  // wider than the original. kNotFound for an unknown photo.
  Result<std::string> Get(const std::string& sha256, int width) const;

 private:
  const BlobStore& blobs_;
  std::string dir_;
};

}  // namespace hazegate
