// The broker accounts and ACL of §4 as answers to a broker that asks
// (contract v3 §6: RabbitMQ's rabbitmq_auth_backend_http), beside the
// Mosquitto files of broker_accounts.h: the same accounts (org
// credentials, devices not deleted, the gateway's own) and the same rights
// — a device reads its org's orders and the area levels, writes its org's
// acks and receipts and its own seen topic; the gateway everything under
// the prefix. Reads the store on every question (the broker's cache keeps
// the answers a second). Thread-safe; Store outlives it.
#pragma once

#include <string>

#include "hazegate/core/tx.h"

namespace hazegate {

struct BrokerAuthorityOptions {
  std::string topic_prefix = "hazegate";
  std::string gateway_username;  // "" = no gateway account
  std::string gateway_password;
};

class BrokerAuthority {
 public:
  BrokerAuthority(Store& store, BrokerAuthorityOptions options);

  // `user`: a live account whose password matches.
  bool Authenticate(const std::string& username,
                    const std::string& password) const;

  // The server's own account: the broker's administrator too (its
  // management API closes sessions, broker_sessions.h).
  bool IsGateway(const std::string& username) const;

  // `vhost`: a live account (one vhost, "/").
  bool Known(const std::string& username) const;

  // `resource`: the gateway anything; an account the topic exchange
  // (amq.topic, read and write: the topic check decides) and its own MQTT
  // subscription queues (mqtt-subscription-USERNAMEqos0/1: so its client id
  // must be its username). `kind` exchange or queue; `permission`
  // configure, write or read.
  bool MayUseResource(const std::string& username, const std::string& kind,
                      const std::string& name,
                      const std::string& permission) const;

  // `topic`: `routing_key` is the MQTT topic with '.' for '/' and '*' for
  // '+' (RabbitMQ's form); `write` to publish, else to subscribe.
  bool MayUseTopic(const std::string& username, const std::string& routing_key,
                   bool write) const;

 private:
  Store& store_;
  const BrokerAuthorityOptions options_;
};

// Whether `password` matches a Mosquitto "$7$iterations$salt$hash" line
// (PBKDF2-HMAC-SHA512), compared in constant time.
bool MatchesMosquittoHash(const std::string& password, const std::string& hash);

}  // namespace hazegate
