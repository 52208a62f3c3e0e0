// Benchmark helper (not a test) for scripts/bench/ingest.sh: CLIENTS
// keep-alive HTTPS clients POST inspection reports with PHOTOS photos of
// about 1 MiB each (real JPEGs, each made unique by a JPEG comment segment)
// to PATH for SECONDS.
//   bench_ingest PORT CA TOKEN PATH CLIENTS SECONDS PHOTOS
// Prints "reports bytes seconds"; exits 1 on any non-2xx answer.
//   bench_ingest decode SECONDS
// Decodes the same photo on one thread as the server checks each upload
// (InspectJpeg) for SECONDS: the decoder's own ceiling, "photos bytes
// seconds".
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "hazegate/inspection/photo.h"
#include "photos.h"

namespace {

using Clock = std::chrono::steady_clock;

// A 1150x1150 JPEG of about 1 MiB (1,035,305 bytes) at quality 90.
const std::string& BasePhoto() {
  static const std::string photo = hazegate::testing::MakeJpeg(1150, 1150, 42);
  return photo;
}

// The base photo with a comment segment after SOI that holds `tag`.
std::string UniquePhoto(const std::string& tag) {
  const std::string& base = BasePhoto();
  const size_t length = tag.size() + 2;
  std::string segment = {'\xFF', '\xFE', static_cast<char>(length >> 8),
                         static_cast<char>(length & 0xFF)};
  return base.substr(0, 2) + segment + tag + base.substr(2);
}

std::string Body(const std::string& boundary, const std::string& id,
                 int photos) {
  const nlohmann::json report = {
      {"id", id},
      {"site", "ent-001"},
      {"captured_at", "2026-12-01T10:00:00+08:00"},
      {"location", {{"lat", 43.9554}, {"lon", 87.3149}, {"accuracy_m", 8}}},
      {"checklist", {{{"item", "窑炉停产"}, {"result", "pass"}}}},
      {"verdict", "compliant"}};
  std::string body = "--" + boundary +
                     "\r\nContent-Disposition: form-data; name=\"report\"\r\n"
                     "Content-Type: application/json\r\n\r\n" +
                     report.dump() + "\r\n";
  for (int i = 0; i < photos; ++i) {
    body += "--" + boundary +
            "\r\nContent-Disposition: form-data; name=\"photo\"; "
            "filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n" +
            UniquePhoto(id + "-" + std::to_string(i)) + "\r\n";
  }
  return body + "--" + boundary + "--\r\n";
}

}  // namespace

int DecodeOnly(const std::chrono::seconds duration) {
  const std::string& photo = BasePhoto();
  const auto* data = reinterpret_cast<const unsigned char*>(photo.data());
  long photos = 0;
  const auto start = Clock::now();
  while (Clock::now() - start < duration) {
    if (!hazegate::InspectJpeg(data, photo.size()).ok()) {
      std::cerr << "bench_ingest: the photo does not decode\n";
      return 1;
    }
    ++photos;
  }
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  std::cout << photos << " " << photos * static_cast<long>(photo.size()) << " "
            << seconds << "\n";
  return 0;
}

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "decode") {
    return DecodeOnly(std::chrono::seconds(std::stoi(argv[2])));
  }
  if (argc != 8) {
    std::cerr << "usage: bench_ingest PORT CA TOKEN PATH CLIENTS SECONDS "
                 "PHOTOS\n";
    return 2;
  }
  const int port = std::stoi(argv[1]);
  const std::string ca = argv[2], token = argv[3], path = argv[4];
  const int clients = std::stoi(argv[5]);
  const auto duration = std::chrono::seconds(std::stoi(argv[6]));
  const int photos = std::stoi(argv[7]);
  BasePhoto();
  std::atomic<long> reports{0}, bytes{0};
  std::atomic<bool> failed{false};
  const std::string run = std::to_string(::getpid());
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::SSLClient client("127.0.0.1", port);
      client.set_ca_cert_path(ca.c_str());
      client.enable_server_certificate_verification(true);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_read_timeout(60, 0);
      client.set_write_timeout(60, 0);
      const httplib::Headers headers = {{"Authorization", "Bearer " + token}};
      for (long n = 0; Clock::now() - start < duration && !failed; ++n) {
        const std::string body = Body(
            "b" + run, run + "-" + std::to_string(c) + "-" + std::to_string(n),
            photos);
        auto res =
            client.Post(path.c_str(), headers, body,
                        ("multipart/form-data; boundary=b" + run).c_str());
        if (!res || res->status / 100 != 2) {
          std::cerr << "bench_ingest: " << (res ? res->body : "no answer")
                    << "\n";
          failed = true;
          return;
        }
        ++reports;
        bytes += static_cast<long>(body.size());
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  std::cout << reports << " " << bytes << " " << seconds << "\n";
  return failed ? 1 : 0;
}
