#include "raw_tls.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

namespace hazegate::testing {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// True once `data` holds a whole response with a Content-Length.
bool Complete(const std::string& data) {
  const size_t head = data.find("\r\n\r\n");
  if (head == std::string::npos) return false;
  std::string lower = data.substr(0, head);
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  const size_t length = lower.find("content-length:");
  if (length == std::string::npos) return false;
  return data.size() >= head + 4 + std::stoul(lower.substr(length + 15));
}

}  // namespace

bool RawTls::Connect(int port, const std::string& source) {
  static SSL_CTX* context = [] {
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    return ctx;
  }();
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  const int on = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  if (bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    return false;
  }
  ssl_ = SSL_new(context);
  SSL_set_fd(ssl_, fd_);
  return SSL_connect(ssl_) == 1;
}

bool RawTls::Send(std::string_view bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const int n = SSL_write(ssl_, bytes.data() + sent,
                            static_cast<int>(bytes.size() - sent));
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

bool RawTls::Readable(milliseconds timeout) const {
  if (SSL_pending(ssl_) > 0) return true;
  pollfd poll_fd{fd_, POLLIN, 0};
  return poll(&poll_fd, 1, static_cast<int>(timeout.count())) > 0;
}

bool RawTls::ResponseStarted() {
  if (received_.empty()) ReadWithoutWaiting();
  return !received_.empty();
}

// Reads what is there without blocking (a TLS session ticket alone leaves
// nothing to read); false once the peer has closed or reset.
bool RawTls::ReadWithoutWaiting() {
  if (!Readable(milliseconds(0))) return true;
  const int flags = fcntl(fd_, F_GETFL);
  fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
  char buffer[16384];
  const int n = SSL_read(ssl_, buffer, sizeof buffer);
  const int error = n > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl_, n);
  fcntl(fd_, F_SETFL, flags);
  if (n > 0) received_.append(buffer, static_cast<size_t>(n));
  return n > 0 || error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE;
}

std::string RawTls::ReadResponse(milliseconds timeout) {
  std::string data = std::move(received_);
  const auto end = Clock::now() + timeout;
  char buffer[16384];
  while (Clock::now() < end && !Complete(data)) {
    const auto left =
        std::chrono::duration_cast<milliseconds>(end - Clock::now());
    if (!Readable(std::max(left, milliseconds(1)))) break;
    const int n = SSL_read(ssl_, buffer, sizeof buffer);
    if (n <= 0) break;
    data.append(buffer, static_cast<size_t>(n));
  }
  return data;
}

bool RawTls::PeerClosed() { return !ReadWithoutWaiting(); }

void RawTls::Close() {
  if (ssl_ != nullptr) SSL_free(ssl_);
  if (fd_ >= 0) close(fd_);
  ssl_ = nullptr;
  fd_ = -1;
}

int StatusOf(const std::string& response) {
  if (response.rfind("HTTP/1.1 ", 0) != 0 || response.size() < 12) return -1;
  return std::stoi(response.substr(9, 3));
}

std::string Exchange(int port, const std::string& request, milliseconds timeout,
                     const std::string& source) {
  RawTls connection;
  if (!connection.Connect(port, source)) return "";
  connection.Send(request);
  return connection.ReadResponse(timeout);
}

}  // namespace hazegate::testing
