// The multipart body of POST /inspections, fed part by part as it arrives:
// one `report` part (JSON) and up to 8 `photo` parts (JPEG). Each photo is
// hashed and written to a blob-store upload as its bytes arrive, then
// decoded from the file (mapped, so no photo is held on the heap). One
// builder per request; not thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/result.h"
#include "hazegate/inspection/blob_store.h"
#include "hazegate/inspection/photo.h"
#include "hazegate/inspection/report.h"

namespace hazegate {

struct SubmissionLimits {
  size_t max_photos = 8;
  size_t max_photo_bytes = 10 * 1024 * 1024;
  size_t max_report_bytes = 256 * 1024;
};

struct ReceivedPhoto {
  std::unique_ptr<BlobStore::Upload> upload;  // finished, not yet published
  PhotoFacts facts;
  const std::string& sha256() const { return upload->sha256(); }
  size_t bytes() const { return upload->bytes(); }
};

struct Submission {
  InspectionReport report;
  std::vector<ReceivedPhoto> photos;  // in the order sent
};

// What is known of a photo already stored (it decoded when it came first),
// or nullopt: a phone retrying after a lost answer sends the same photos
// again, and those are not decoded twice.
using KnownPhoto =
    std::function<std::optional<PhotoFacts>(const std::string& sha256)>;

class SubmissionBuilder {
 public:
  explicit SubmissionBuilder(BlobStore& blobs, SubmissionLimits limits = {},
                             KnownPhoto known_photo = nullptr);

  // Each returns false once the body is refused; error() says why (400 for
  // a bad part, 413 over a limit, 415 for a wrong type).
  bool BeginPart(const std::string& name, const std::string& content_type);
  bool Append(const char* data, size_t size);
  // Ends the last part; the report part is required.
  Result<Submission> Finish();

  const std::optional<Error>& error() const { return error_; }

 private:
  enum class Part { kNone, kReport, kPhoto };
  bool EndPart();
  bool Fail(Error error);

  BlobStore& blobs_;
  SubmissionLimits limits_;
  KnownPhoto known_photo_;
  Part part_ = Part::kNone;
  std::string report_text_;
  bool have_report_ = false;
  std::unique_ptr<BlobStore::Upload> upload_;
  Submission submission_;
  std::optional<Error> error_;
};

}  // namespace hazegate
