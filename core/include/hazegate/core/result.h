// Result and Error: the one error model of domain code.
// Expected failures are returned as Error values, never thrown. Only the HTTP
// layer maps ErrorKind to a status code. external_text is safe to show a
// client; internal_text is for the log only.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace hazegate {

enum class ErrorKind {
  kInvalidInput,      // the caller sent something wrong (names fields)
  kNotFound,          // the object does not exist or is not the caller's
  kConflict,          // the object is in the wrong state for the action
  kUnauthenticated,   // no, bad, expired or revoked credentials
  kForbidden,         // authenticated but the role may not do this
  kRateLimited,       // too many attempts
  kPayloadTooLarge,   // a body or part is over its limit
  kUnsupportedMedia,  // a body or part of the wrong type
  kInternal,          // our fault: storage, I/O, bugs
};

struct FieldError {
  std::string field;
  std::string message;
  bool operator==(const FieldError&) const = default;
};

// Appends `checks` (a domain's checks of a request) to `errors` (the edge's
// format errors), but for fields `errors` already names, or a part of
// ("sites[3]" names "sites"): the format's error comes first.
void AddUnnamedFieldErrors(const std::vector<FieldError>& checks,
                           std::vector<FieldError>* errors);

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string external_text;  // for the client
  std::string internal_text;  // for the log; may hold paths or SQL errors
  std::vector<FieldError> fields;
  int retry_after_s = 0;  // kRateLimited: when to try again

  static Error Invalid(std::string detail, std::vector<FieldError> fields = {});
  static Error InvalidField(std::string field, std::string message);
  static Error NotFound(std::string what);
  static Error Conflict(std::string detail);
  static Error Unauthenticated(std::string detail);
  static Error Forbidden(std::string detail);
  static Error RateLimited(std::string detail, int retry_after_s);
  static Error TooLarge(std::string detail);
  static Error Unsupported(std::string detail);
  static Error Internal(std::string internal_text);
};

// Holds either a T or an Error. Accessing the wrong side is a programming
// error (asserted).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return state_.index() == 0; }
  const T& value() const& { return std::get<0>(state_); }
  T& value() & { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

struct Ok {};
using Status = Result<Ok>;

}  // namespace hazegate
