#include "hazegate/core/result.h"

#include <algorithm>

namespace hazegate {

void AddUnnamedFieldErrors(const std::vector<FieldError>& checks,
                           std::vector<FieldError>* errors) {
  const size_t format_errors = errors->size();
  for (const FieldError& check : checks) {
    const auto named =
        std::find_if(errors->begin(), errors->begin() + format_errors,
                     [&](const FieldError& e) {
                       return e.field == check.field ||
                              e.field.starts_with(check.field + "[") ||
                              e.field.starts_with(check.field + ".");
                     });
    if (named == errors->begin() + format_errors) errors->push_back(check);
  }
}

Error Error::Invalid(std::string detail, std::vector<FieldError> fields) {
  return {ErrorKind::kInvalidInput, std::move(detail), {}, std::move(fields)};
}

Error Error::InvalidField(std::string field, std::string message) {
  std::string detail = field + ": " + message;
  return Invalid(std::move(detail), {{std::move(field), std::move(message)}});
}

Error Error::NotFound(std::string what) {
  return {ErrorKind::kNotFound, std::move(what) + " not found", {}, {}};
}

Error Error::Conflict(std::string detail) {
  return {ErrorKind::kConflict, std::move(detail), {}, {}};
}

Error Error::Unauthenticated(std::string detail) {
  return {ErrorKind::kUnauthenticated, std::move(detail), {}, {}};
}

Error Error::Forbidden(std::string detail) {
  return {ErrorKind::kForbidden, std::move(detail), {}, {}};
}

Error Error::RateLimited(std::string detail, int retry_after_s) {
  return {ErrorKind::kRateLimited, std::move(detail), {}, {}, retry_after_s};
}

Error Error::TooLarge(std::string detail) {
  return {ErrorKind::kPayloadTooLarge, std::move(detail), {}, {}};
}

Error Error::Unsupported(std::string detail) {
  return {ErrorKind::kUnsupportedMedia, std::move(detail), {}, {}};
}

Error Error::Internal(std::string internal_text) {
  return {ErrorKind::kInternal, "internal error", std::move(internal_text), {}};
}

}  // namespace hazegate
