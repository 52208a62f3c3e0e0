// The attacks of issue 10, each run against a server on loopback while a
// normal client keeps calling it. Shared by tests/attack_test.cpp (which
// asserts) and the `attack` program behind scripts/attack.sh (which
// prints). Attackers connect from 127.0.0.2, the normal client from
// 127.0.0.1, so per-address limits tell them apart.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace hazegate::testing {

struct Target {
  int port = 0;
  std::string ca_file;
  std::string token;  // the normal client's (any role may GET /orgs/{id})
  std::string probe_org = "ent-001";
};

// What the normal client saw: GET /healthz and GET /api/v1/orgs/{id},
// alternately, every 100 ms, each on a new TLS connection.
struct ProbeReport {
  int requests = 0;
  int failures = 0;  // no answer, or not 200
  double max_ms = 0;
  double median_ms = 0;
  std::string Text() const;
};

struct AttackReport {
  std::string name;
  ProbeReport normal;
  std::map<std::string, int> outcomes;  // what the attackers got, counted
  std::string Text() const;
};

// The normal client on its own, for scenarios made of single requests:
// runs from construction until Finish().
class NormalProbe {
 public:
  explicit NormalProbe(const Target& target);
  ~NormalProbe();
  // The report named `name`, with what the probe saw.
  AttackReport Finish(const std::string& name);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// `connections` TLS connections that each send a request header one byte
// every `interval`, for `duration`. Outcomes: "closed by server" (with the
// time it took) or "still open".
AttackReport SlowHeaders(const Target& target, int connections,
                         std::chrono::milliseconds interval,
                         std::chrono::seconds duration);

// As above, with a complete header (Content-Length 1 MB, a valid token)
// and then the body one byte every `interval`.
AttackReport SlowBodies(const Target& target, const std::string& path,
                        const std::string& token, int connections,
                        std::chrono::milliseconds interval,
                        std::chrono::seconds duration);

// `connections` connections at once, each POSTing `bytes` of a hostile
// multipart body ("--B", "--BX", then filler) to `path`, chunked or with
// Content-Length, with `token` (may be empty). Outcomes: the status each
// got, or "no answer".
AttackReport HugeBodies(const Target& target, const std::string& path,
                        const std::string& token, int connections, size_t bytes,
                        bool chunked);

// POSTs `body` (whole) with `content_type`; returns the status and body.
struct Answer {
  int status = -1;  // -1: no answer
  std::string headers;
  std::string body;
};
Answer Send(const Target& target, const std::string& method,
            const std::string& path, const std::string& token,
            const std::string& content_type, const std::string& body,
            const std::string& source = "127.0.0.2");

// A multipart/form-data body with one `report` part and JPEG `photos`.
std::string MultipartReport(const std::string& report_json,
                            const std::vector<std::string>& photos,
                            const std::string& boundary = "hazegate-bound");

// `count` concurrent logins for `username` with a wrong password; the
// statuses counted.
AttackReport LoginStorm(const Target& target, const std::string& username,
                        int count);

}  // namespace hazegate::testing
