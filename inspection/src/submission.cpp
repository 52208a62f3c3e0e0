#include "hazegate/inspection/submission.h"

namespace hazegate {

namespace {

// "image/jpeg; charset=…" → "image/jpeg".
std::string MediaType(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (char& c : type) c = static_cast<char>(std::tolower(c));
  return type;
}

}  // namespace

SubmissionBuilder::SubmissionBuilder(BlobStore& blobs, SubmissionLimits limits,
                                     KnownPhoto known_photo)
    : blobs_(blobs), limits_(limits), known_photo_(std::move(known_photo)) {}

bool SubmissionBuilder::Fail(Error error) {
  if (!error_) error_ = std::move(error);
  upload_.reset();
  return false;
}

bool SubmissionBuilder::BeginPart(const std::string& name,
                                  const std::string& content_type) {
  if (error_ || !EndPart()) return false;
  const std::string type = MediaType(content_type);
  if (name == "report") {
    if (have_report_) {
      return Fail(Error::InvalidField("report", "sent more than once"));
    }
    if (!type.empty() && type != "application/json") {
      return Fail(
          Error::Unsupported("the report part must be application/json"));
    }
    part_ = Part::kReport;
    have_report_ = true;
    return true;
  }
  if (name == "photo") {
    if (submission_.photos.size() >= limits_.max_photos) {
      return Fail(Error::TooLarge("at most " +
                                  std::to_string(limits_.max_photos) +
                                  " photos per report"));
    }
    if (type != "image/jpeg") {
      return Fail(Error::Unsupported("photo parts must be image/jpeg, not '" +
                                     type + "'"));
    }
    auto upload = blobs_.Begin();
    if (!upload.ok()) return Fail(upload.error());
    upload_ = std::move(upload).value();
    part_ = Part::kPhoto;
    return true;
  }
  return Fail(
      Error::InvalidField(name.empty() ? "(unnamed part)" : name,
                          "unknown part: the parts are report and photo"));
}

bool SubmissionBuilder::Append(const char* data, size_t size) {
  if (error_) return false;
  switch (part_) {
    case Part::kNone:
      return Fail(Error::Invalid("data outside a multipart part"));
    case Part::kReport:
      if (report_text_.size() + size > limits_.max_report_bytes) {
        return Fail(Error::TooLarge("the report part is over " +
                                    std::to_string(limits_.max_report_bytes) +
                                    " bytes"));
      }
      report_text_.append(data, size);
      return true;
    case Part::kPhoto: {
      if (upload_->bytes() + size > limits_.max_photo_bytes) {
        return Fail(Error::TooLarge(
            "photo " + std::to_string(submission_.photos.size() + 1) +
            " is over " + std::to_string(limits_.max_photo_bytes) + " bytes"));
      }
      auto written = upload_->Append(data, size);
      return written.ok() || Fail(written.error());
    }
  }
  return false;
}

bool SubmissionBuilder::EndPart() {
  const Part ended = part_;
  part_ = Part::kNone;
  if (ended != Part::kPhoto) return true;
  auto finished = upload_->Finish();
  if (!finished.ok()) return Fail(finished.error());
  if (known_photo_) {
    if (auto known = known_photo_(upload_->sha256())) {
      submission_.photos.push_back({std::move(upload_), *known});
      return true;
    }
  }
  auto mapped = upload_->Map();
  if (!mapped.ok()) return Fail(mapped.error());
  auto facts = InspectJpeg(mapped.value()->data(), mapped.value()->size());
  if (!facts.ok()) {
    Error error = facts.error();
    error.external_text = "photo " +
                          std::to_string(submission_.photos.size() + 1) + ": " +
                          error.external_text;
    return Fail(std::move(error));
  }
  submission_.photos.push_back({std::move(upload_), facts.value()});
  return true;
}

Result<Submission> SubmissionBuilder::Finish() {
  if (!error_ && !EndPart()) return *error_;
  if (error_) return *error_;
  if (!have_report_) {
    return Error::InvalidField("report", "the report part is required");
  }
  auto report = ParseInspectionReport(report_text_);
  if (!report.ok()) return report.error();
  submission_.report = std::move(report).value();
  return std::move(submission_);
}

}  // namespace hazegate
