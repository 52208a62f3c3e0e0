// Channel: one way the outbox reaches its recipients (MQTT today; SMS next).
// Every outbox row names its channel and an address the channel resolves;
// a Dispatcher per channel hands that channel its rows, at least once each,
// and deletes a row (marking its order delivered) only once the channel says
// the far end holds it. Ready and Send run on the dispatcher's thread and
// must not block for long; the channel reports each sent row's fate to the
// Dispatcher's OnDelivered / OnFailed from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/tx.h"

namespace hazegate {

// The outbox's channels: the MQTT broker, and SMS (through Kannel).
inline constexpr const char* kMqttChannel = "mqtt";
inline constexpr const char* kSmsChannel = "sms";

// Channel-neutral addresses of outbox rows (the MQTT channel puts its topic
// prefix in front; another channel maps the org or area to its own means).
inline std::string OrgOrdersAddress(const std::string& org) {
  return "orgs/" + org + "/orders";
}
inline std::string AreaWarningAddress(const std::string& area) {
  return "areas/" + area + "/warning";
}

struct OutboxMessage {
  uint64_t seq = 0;  // the outbox row: the tag its fate is reported by
  std::string address;
  std::string payload;    // the contract's JSON message
  bool retained = false;  // the latest one is kept for late subscribers
};

class Channel {
 public:
  virtual ~Channel() = default;

  // The outbox's `channel` value of the rows this channel sends.
  virtual std::string name() const = 0;

  // Whether the channel can take messages now (its link is up, its
  // subscriptions are made); the dispatcher waits while it cannot.
  virtual bool Ready() = 0;

  // Hands one message over. False if it could not be taken now: nothing was
  // sent and no fate will be reported for it.
  virtual bool Send(const OutboxMessage& message) = 0;

  // The link came back after a drop (dispatcher thread): what was in flight
  // is sent again; the channel may redo its setup.
  virtual void Reconnected() {}

  // In the dispatcher's write transaction that deleted these rows (the far
  // end holds them): what the channel records of that beyond the order's
  // delivery (the SMS room: its messages sent). The committer thread.
  virtual void Recorded(WriteTx& /*tx*/, const std::vector<uint64_t>& /*seqs*/,
                        TimePoint /*now*/) {}
};

}  // namespace hazegate
