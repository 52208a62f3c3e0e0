// A blocking client TLS connection from a chosen loopback address, without
// certificate checks: for hostile-client tests that must send exactly the
// bytes they mean (slow headers, no Content-Length, hostile bodies).
// Not thread-safe; one object per connection.
#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <string>
#include <string_view>

namespace hazegate::testing {

class RawTls {
 public:
  RawTls() = default;
  ~RawTls() { Close(); }
  RawTls(const RawTls&) = delete;
  RawTls& operator=(const RawTls&) = delete;

  // Connects from `source` to 127.0.0.1:`port` and completes the handshake.
  bool Connect(int port, const std::string& source);
  bool Send(std::string_view bytes);
  // True if something (data or the close) can be read within `timeout`.
  bool Readable(std::chrono::milliseconds timeout) const;
  // True once response bytes have arrived (never blocks; TLS session
  // tickets alone do not count).
  bool ResponseStarted();
  // What arrives until the peer closes, `timeout` passes, or a whole
  // response (by Content-Length) is in.
  std::string ReadResponse(std::chrono::milliseconds timeout);
  // True once the peer has closed (or reset) the connection; never blocks.
  bool PeerClosed();
  void Close();

 private:
  bool ReadWithoutWaiting();

  int fd_ = -1;
  SSL* ssl_ = nullptr;
  std::string received_;  // read by ResponseStarted()
};

// The status of an HTTP/1.1 response's first line, or -1.
int StatusOf(const std::string& response);

// Sends `request` (raw HTTP/1.1, as is) and returns the response read
// within `timeout`.
std::string Exchange(int port, const std::string& request,
                     std::chrono::milliseconds timeout,
                     const std::string& source = "127.0.0.1");

}  // namespace hazegate::testing
