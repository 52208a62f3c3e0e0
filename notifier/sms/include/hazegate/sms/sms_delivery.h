// SmsDelivery: the outbox's "sms" channel at work — Kannel's HTTP sendsms
// interface as the channel, the dispatcher draining the channel's rows, and
// the clockwork that queues SMS as they fall due (SmsService::Tick each
// second). A message is delivered, for the outbox, when Kannel has accepted
// it ("0: Accepted for delivery"); its fate at the phone comes back as
// delivery reports (SmsService::Report). Owns its threads; Start/Stop from
// one thread. Store, Clock and SmsService outlive it.
#pragma once

#include <memory>
#include <string>

#include "hazegate/core/clock.h"
#include "hazegate/core/tx.h"
#include "hazegate/orders/dispatcher.h"
#include "hazegate/sms/sms.h"

namespace hazegate {

struct KannelOptions {
  std::string sendsms_url;  // http://H:P/cgi-bin/sendsms
  std::string username, password;
  std::string sender;  // "" = Kannel's global-sender
  // Where Kannel sends delivery reports: "…/internal/sms/report?key=K"
  // (the gateway's loopback listener); &seq= and &status= are added.
  std::string report_url;
};

class SmsDelivery {
 public:
  SmsDelivery(Store& store, const Clock& clock, SmsService& service,
              KannelOptions kannel, Dispatcher::Options dispatch);
  ~SmsDelivery();

  void Start();
  void Stop();

  // Call after committing outbox rows: wakes the dispatcher.
  void OutboxWritten();

  // Prometheus text: Kannel's answers, messages by status.
  std::string Metrics() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hazegate
