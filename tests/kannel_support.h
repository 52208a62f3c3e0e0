// Kannel (bearerbox + smsbox) on free loopback ports, configured by
// scripts/kannel-config.sh as run.sh configures it, and Kannel's simulated
// SMSC, fakesmsc (Debian kannel-extras), on the phones' side.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "support.h"

namespace hazegate::testing {

class Kannel {
 public:
  // `gateway_url`: the server's loopback listener (http://127.0.0.1:PORT)
  // that delivery reports and replies go to, with `key`.
  // `smsc_group`: Kannel's smsc group for another SMSC than the simulated
  // one (fakesmsc), e.g. an HTTP SMSC of the test's own.
  Kannel(const TempDir& dir, const std::string& gateway_url,
         const std::string& key, const std::string& smsc_group = "");
  ~Kannel();
  // Starts bearerbox, then smsbox; returns once sendsms answers.
  void Start();
  // Stops both (SIGTERM: Kannel writes its queue store and ends).
  void Stop();

  std::string sendsms_url() const;
  std::string password() const { return "kannel-test-password"; }
  int smsc_port() const { return smsc_port_; }
  // [sms] lines for hazegate's config: Kannel's address and the key.
  std::string SmsConfig(const std::string& link_base, int after_s) const;
  // How many times a simulated SMSC has connected to bearerbox so far.
  int SmscConnections() const;

 private:
  std::string dir_;
  std::string key_;
  int admin_port_, smsbox_port_, sendsms_port_, smsc_port_;
  pid_t bearerbox_ = -1, smsbox_ = -1;
};

struct Sms {
  std::string from, to, text;
};

// fakesmsc connected to Kannel's simulated SMSC: what it prints is what the
// phones got. Started with a message, it first sends it, as from a phone.
class FakeSmsc {
 public:
  FakeSmsc(const TempDir& dir, const Kannel& kannel);
  ~FakeSmsc();
  // Returns once bearerbox counts the connection.
  void Start(const std::optional<Sms>& send = std::nullopt);
  void Stop();
  // The messages it received since it started (texts decoded to UTF-8).
  std::vector<Sms> Received() const;

 private:
  const Kannel& kannel_;
  std::string output_;
  pid_t pid_ = -1;
};

}  // namespace hazegate::testing
