// SMS for the silent (contract v3 §5, docs/sms.md): an order not received
// within `after` (or still open 15 minutes before its deadline) is queued on
// the outbox's "sms" channel to each of its org's contacts, once per phone,
// with a reply code; Kannel's delivery reports and the contacts' replies
// come back here. Thread-safe; Store and Clock outlive it. Errors are
// logged by the caller; a reply's answer is text for the phone.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"
#include "hazegate/orders/orders.h"

namespace hazegate {

struct SmsOptions {
  std::chrono::seconds after{300};  // not received this long: SMS
  // The field app's address ("https://HOST/m/"): the text links to
  // {link_base}#/o/{id}.
  std::string link_base;
};

// What a delivery report says of a message (Kannel's dlr-mask values).
enum class SmsReport { kDelivered, kSubmitted, kBuffered, kFailed };

// Kannel's %d value as a report; nullopt for values it does not send.
std::optional<SmsReport> SmsReportOf(int kannel_status);

class SmsService {
 public:
  SmsService(Store& store, const Clock& clock, SmsOptions options);

  // One pass: queues the SMS now due (first sends and retries of failed
  // ones); returns how many messages it queued (call the outbox's hook).
  Result<int> Tick();

  // An operator chasing a silent org (issue 25): each SMS already sent for
  // the open order `order_id` goes out once more, and its org's contacts
  // without one get theirs; returns how many were queued (0 for a closed
  // or unknown order). Call the outbox's hook after.
  Result<int> SendAgain(const std::string& order_id);

  // A delivery report for the message sent as outbox row `seq`. An unknown
  // or superseded seq changes nothing (and is not an error).
  Status Report(uint64_t seq, SmsReport report);

  // A reply from `phone` (as Kannel gives it): acknowledges the order whose
  // code it holds, if the phone is one of that order's contacts and the
  // order is open. Returns the answer to send back (always some text).
  std::string Reply(const std::string& phone, const std::string& text);

  // Messages by status (queued, sent, delivered, failed) for /metrics.
  Result<std::map<std::string, int64_t>> CountByStatus() const;

 private:
  Store& store_;
  const Clock& clock_;
  SmsOptions options_;
  OrderService orders_;
  int64_t cursor_ = 0;  // orders up to this seq were looked at for `after`
};

// The SMS's text: the plan's template filled in and signed; the title is
// shortened (with …) so that the whole fits two UCS-2 parts (134 units).
struct SmsFields {
  std::string title, deadline, link, code;
};
std::string SmsText(const std::string& signature, const std::string& pattern,
                    const SmsFields& fields);

// The longest text two concatenated UCS-2 parts carry.
inline constexpr size_t kSmsMaxUnits = 134;

}  // namespace hazegate
