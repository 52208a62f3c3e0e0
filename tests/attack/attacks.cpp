#include "attacks.h"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "raw_tls.h"

namespace hazegate::testing {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kAttackerAddress = "127.0.0.2";

// The normal client, in its own thread from construction to Finish().
class NormalClient {
 public:
  explicit NormalClient(const Target& target)
      : target_(target), thread_([this] { Run(); }) {}
  ~NormalClient() { Finish(); }

  ProbeReport Finish() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    ProbeReport report;
    report.requests = static_cast<int>(latencies_.size());
    report.failures = failures_;
    if (!latencies_.empty()) {
      std::sort(latencies_.begin(), latencies_.end());
      report.max_ms = latencies_.back();
      report.median_ms = latencies_[latencies_.size() / 2];
    }
    return report;
  }

 private:
  void Run() {
    for (int i = 0; !stop_; ++i) {
      const std::string path =
          i % 2 == 0 ? "/healthz" : "/api/v1/orgs/" + target_.probe_org;
      const auto start = Clock::now();
      httplib::SSLClient client("127.0.0.1", target_.port);
      client.set_ca_cert_path(target_.ca_file.c_str());
      client.enable_server_certificate_verification(true);
      client.set_connection_timeout(std::chrono::seconds(5));
      client.set_read_timeout(std::chrono::seconds(5));
      httplib::Headers headers;
      if (i % 2 == 1) {
        headers.emplace("Authorization", "Bearer " + target_.token);
      }
      auto res = client.Get(path.c_str(), headers);
      latencies_.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - start)
              .count());
      if (!res || res->status != 200) ++failures_;
      std::this_thread::sleep_for(milliseconds(100));  // pacing, not waiting
    }
  }

  Target target_;
  std::atomic<bool> stop_ = false;
  std::vector<double> latencies_;
  int failures_ = 0;
  std::thread thread_;
};

// Opens `count` connections from the attacker's address; those that could
// not connect are counted in `outcomes`.
std::vector<std::unique_ptr<RawTls>> OpenMany(
    const Target& target, int count, std::map<std::string, int>& outcomes) {
  std::vector<std::unique_ptr<RawTls>> connections;
  for (int i = 0; i < count; ++i) {
    auto connection = std::make_unique<RawTls>();
    if (connection->Connect(target.port, kAttackerAddress)) {
      connections.push_back(std::move(connection));
    } else {
      ++outcomes["could not connect"];
    }
  }
  return connections;
}

// Sends one byte on every open connection each `interval` for `duration`,
// noting when the server closed each one.
void Trickle(std::vector<std::unique_ptr<RawTls>>& connections,
             std::chrono::milliseconds interval, std::chrono::seconds duration,
             std::map<std::string, int>& outcomes) {
  const auto start = Clock::now();
  std::vector<bool> closed(connections.size(), false);
  while (Clock::now() - start < duration) {
    for (size_t i = 0; i < connections.size(); ++i) {
      if (closed[i]) continue;
      if (connections[i]->PeerClosed() || !connections[i]->Send("a")) {
        closed[i] = true;
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
            Clock::now() - start);
        ++outcomes["closed by server within " +
                   std::to_string(seconds.count() + 1) + " s"];
      }
    }
    // The attacker's pace, without overrunning the duration.
    const auto left = duration - (Clock::now() - start);
    if (left <= Clock::duration::zero()) break;
    std::this_thread::sleep_for(std::min<Clock::duration>(interval, left));
  }
  const auto open = std::count(closed.begin(), closed.end(), false);
  if (open > 0) outcomes["still open"] += static_cast<int>(open);
}

}  // namespace

class NormalProbe::Impl : public NormalClient {
 public:
  using NormalClient::NormalClient;
};

NormalProbe::NormalProbe(const Target& target)
    : impl_(std::make_unique<Impl>(target)) {}
NormalProbe::~NormalProbe() = default;

AttackReport NormalProbe::Finish(const std::string& name) {
  return {name, impl_->Finish(), {}};
}

std::string ProbeReport::Text() const {
  std::ostringstream out;
  out << requests << " requests, " << failures << " failed, median "
      << static_cast<int>(median_ms) << " ms, max " << static_cast<int>(max_ms)
      << " ms";
  return out.str();
}

std::string AttackReport::Text() const {
  std::ostringstream out;
  out << name << "\n  normal client: " << normal.Text() << "\n  attackers:";
  for (const auto& [outcome, count] : outcomes) {
    out << " " << count << " × " << outcome << ";";
  }
  return out.str();
}

AttackReport SlowHeaders(const Target& target, int connections,
                         milliseconds interval, std::chrono::seconds duration) {
  AttackReport report{"slow headers: " + std::to_string(connections) +
                          " connections, one header byte every " +
                          std::to_string(interval.count()) + " ms",
                      {},
                      {}};
  auto open = OpenMany(target, connections, report.outcomes);
  for (auto& connection : open) {
    connection->Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");
  }
  NormalClient normal(target);
  Trickle(open, interval, duration, report.outcomes);
  report.normal = normal.Finish();
  return report;
}

AttackReport SlowBodies(const Target& target, const std::string& path,
                        const std::string& token, int connections,
                        milliseconds interval, std::chrono::seconds duration) {
  AttackReport report{"slow bodies: " + std::to_string(connections) +
                          " connections to " + path + ", one body byte every " +
                          std::to_string(interval.count()) + " ms",
                      {},
                      {}};
  auto open = OpenMany(target, connections, report.outcomes);
  const std::string head = "POST " + path +
                           " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                           token +
                           "\r\nContent-Type: application/json\r\n"
                           "Content-Length: 1000000\r\n\r\n[";
  for (auto& connection : open) connection->Send(head);
  NormalClient normal(target);
  Trickle(open, interval, duration, report.outcomes);
  report.normal = normal.Finish();
  return report;
}

AttackReport HugeBodies(const Target& target, const std::string& path,
                        const std::string& token, int connections, size_t bytes,
                        bool chunked) {
  AttackReport report{
      std::to_string(connections) + " × " + std::to_string(bytes >> 20) +
          " MiB " + (chunked ? "chunked" : "Content-Length") +
          " hostile multipart to " + path +
          (token.empty() ? " without a token" : " with a valid token"),
      {},
      {}};
  NormalClient normal(target);
  std::mutex mutex;
  std::vector<std::thread> attackers;
  for (int i = 0; i < connections; ++i) {
    attackers.emplace_back([&] {
      RawTls connection;
      std::string outcome = "could not connect";
      if (connection.Connect(target.port, kAttackerAddress)) {
        std::string head =
            "POST " + path + " HTTP/1.1\r\nHost: x\r\n" +
            (token.empty() ? "" : "Authorization: Bearer " + token + "\r\n") +
            "Content-Type: multipart/form-data; boundary=B\r\n" +
            (chunked ? "Transfer-Encoding: chunked\r\n"
                     : "Content-Length: " + std::to_string(bytes) + "\r\n") +
            "\r\n";
        const std::string filler(64 * 1024, 'x');
        std::string first = "--B\r\n--BX" + filler.substr(10);
        auto frame = [&](const std::string& data) {
          if (!chunked) return data;
          std::ostringstream hex;
          hex << std::hex << data.size() << "\r\n" << data << "\r\n";
          return hex.str();
        };
        bool sending = connection.Send(head) && connection.Send(frame(first));
        size_t sent = first.size();
        while (sending && sent < bytes && !connection.ResponseStarted()) {
          sending = connection.Send(frame(filler));
          sent += filler.size();
        }
        const int status =
            StatusOf(connection.ReadResponse(std::chrono::seconds(10)));
        outcome = status < 0 ? "no answer" : std::to_string(status);
        outcome += sent >= bytes ? " after the whole body" : " before the end";
      }
      std::lock_guard lock(mutex);
      ++report.outcomes[outcome];
    });
  }
  for (auto& attacker : attackers) attacker.join();
  report.normal = normal.Finish();
  return report;
}

Answer Send(const Target& target, const std::string& method,
            const std::string& path, const std::string& token,
            const std::string& content_type, const std::string& body,
            const std::string& source) {
  RawTls connection;
  Answer answer;
  if (!connection.Connect(target.port, source)) return answer;
  std::string request = method + " " + path + " HTTP/1.1\r\nHost: x\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  if (!content_type.empty())
    request += "Content-Type: " + content_type + "\r\n";
  request += "Content-Length: " + std::to_string(body.size()) +
             "\r\nConnection: close\r\n\r\n";
  connection.Send(request);
  connection.Send(body);  // may fail if refused early: the answer counts
  const std::string response =
      connection.ReadResponse(std::chrono::seconds(30));
  answer.status = StatusOf(response);
  const size_t head = response.find("\r\n\r\n");
  if (head != std::string::npos) {
    answer.headers = response.substr(0, head);
    answer.body = response.substr(head + 4);
  }
  return answer;
}

std::string MultipartReport(const std::string& report_json,
                            const std::vector<std::string>& photos,
                            const std::string& boundary) {
  std::string body = "--" + boundary +
                     "\r\nContent-Disposition: form-data; name=\"report\"\r\n"
                     "Content-Type: application/json\r\n\r\n" +
                     report_json + "\r\n";
  for (size_t i = 0; i < photos.size(); ++i) {
    body += "--" + boundary +
            "\r\nContent-Disposition: form-data; name=\"photo\"; "
            "filename=\"p" +
            std::to_string(i) + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n" +
            photos[i] + "\r\n";
  }
  return body + "--" + boundary + "--\r\n";
}

AttackReport LoginStorm(const Target& target, const std::string& username,
                        int count) {
  AttackReport report{
      std::to_string(count) + " concurrent wrong passwords for " + username,
      {},
      {}};
  NormalClient normal(target);
  std::mutex mutex;
  std::vector<std::thread> attackers;
  for (int i = 0; i < count; ++i) {
    attackers.emplace_back([&, i] {
      const Answer answer =
          Send(target, "POST", "/api/v1/auth/login", "", "application/json",
               R"({"username":")" + username + R"(","password":"wrong-guess-)" +
                   std::to_string(i) + R"("})");
      std::lock_guard lock(mutex);
      ++report.outcomes[std::to_string(answer.status)];
    });
  }
  for (auto& attacker : attackers) attacker.join();
  report.normal = normal.Finish();
  return report;
}

}  // namespace hazegate::testing
