#include "mqtt_support.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <stdexcept>
#include <thread>

namespace hazegate::testing {

namespace {

// The first port of the kernel's ephemeral range (outgoing connections).
int EphemeralStart() {
  std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
  int low = 0;
  return range >> low ? low : 32768;
}

}  // namespace

// A random free port below the ephemeral range: a port picked from the
// kernel (bind to 0) lies inside it, and an outgoing connection of another
// test (a client, the broker's, Kannel's) could take it before the server
// binds it; below it only listeners are, and bind says if one is there.
int FreePort() {
  static std::mt19937 random(std::random_device{}());
  const int high = std::min(EphemeralStart(), 65536) - 1;
  std::uniform_int_distribution<int> pick(10000, std::max(high, 10001));
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int port = pick(random);
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    const bool free =
        bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    if (free) return port;
  }
  throw std::runtime_error("no free port below the ephemeral range");
}

bool PortAccepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool ok =
      connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return ok;
}

Mosquitto::Mosquitto(const TempDir& dir, const std::string& security,
                     int autosave_s)
    : port_(FreePort()) {
  const std::string data = dir.File("mosquitto-data/");
  std::filesystem::create_directories(data);
  config_ = dir.File("mosquitto.conf");
  std::ofstream(config_) << "user " << getpwuid(getuid())->pw_name << "\n"
                         << "listener " << port_ << " 127.0.0.1\n"
                         << security << "persistence true\n"
                         << "persistence_location " << data << "\n"
                         << "autosave_interval " << autosave_s << "\n"
                         << "max_queued_messages 200000\n"
                         << "max_inflight_messages 1000\n"
                         << "log_dest none\n";
}

Mosquitto::Mosquitto(std::string config_file, int port, std::string log_file)
    : config_(std::move(config_file)),
      port_(port),
      log_file_(std::move(log_file)) {}

Mosquitto::~Mosquitto() {
  if (pid_ > 0) Kill(SIGTERM);
}

void Mosquitto::Start() {
  pid_ = fork();
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // no orphan if the test dies
    if (!log_file_.empty()) {
      const int log = open(log_file_.c_str(), O_WRONLY | O_CREAT, 0600);
      dup2(log, STDOUT_FILENO);
      dup2(log, STDERR_FILENO);
    }
    execlp("mosquitto", "mosquitto", "-c", config_.c_str(),
           static_cast<char*>(nullptr));
    _exit(127);
  }
  if (!Eventually([this] { return PortAccepts(port_); })) {
    throw std::runtime_error("mosquitto did not start");
  }
}

void Mosquitto::Kill(int signal) {
  if (pid_ <= 0) return;
  kill(pid_, signal);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

TestClient::TestClient(const std::string& uri, const std::string& client_id,
                       bool clean_session, const std::string& username,
                       const std::string& password, std::string ca_file)
    : client_(uri, client_id, mqtt::create_options(MQTTVERSION_3_1_1)),
      clean_session_(clean_session),
      username_(username),
      password_(password),
      ca_file_(std::move(ca_file)) {
  client_.start_consuming();
}

TestClient::~TestClient() {
  try {
    if (client_.is_connected()) client_.disconnect()->wait();
  } catch (const mqtt::exception&) {
  }
}

void TestClient::Connect() {
  mqtt::connect_options options;
  options.set_clean_session(clean_session_);
  options.set_max_inflight(1000);
  if (!username_.empty()) options.set_user_name(username_);
  if (!password_.empty()) options.set_password(password_);
  if (!ca_file_.empty()) {
    options.set_ssl(
        mqtt::ssl_options_builder().trust_store(ca_file_).finalize());
  }
  client_.connect(options)->wait();
}

void TestClient::Subscribe(const std::string& filter) {
  client_.subscribe(filter, 1)->wait();
}

void TestClient::Disconnect() { client_.disconnect()->wait(); }

void TestClient::Publish(const std::string& topic, const std::string& payload) {
  client_.publish(topic, payload.data(), payload.size(), 1, false)->wait();
}

std::optional<Received> TestClient::Next(std::chrono::milliseconds timeout) {
  mqtt::const_message_ptr message;
  if (!client_.try_consume_message_for(&message, timeout) || !message) {
    return std::nullopt;
  }
  return Received{message->get_topic(),
                  nlohmann::json::parse(message->to_string()),
                  message->is_retained()};
}

std::vector<Received> TestClient::Collect(size_t count,
                                          std::chrono::milliseconds timeout) {
  std::vector<Received> received;
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (received.size() < count) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        end - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    auto next = Next(left);
    if (!next) break;
    received.push_back(std::move(*next));
  }
  return received;
}

namespace {

void AppendMqttString(std::string& out, const std::string& text) {
  out += static_cast<char>(text.size() >> 8);
  out += static_cast<char>(text.size() & 0xFF);
  out += text;
}

}  // namespace

namespace {

// MQTT's remaining length: 7 bits a byte, high bit = more.
std::string RemainingLength(size_t left) {
  std::string out;
  for (;;) {
    const char digit = static_cast<char>(left % 128);
    left /= 128;
    out += left > 0 ? static_cast<char>(digit | 0x80) : digit;
    if (left == 0) return out;
  }
}

// An MQTT 3.1.1 CONNECT (clean session) on a new loopback socket: the
// CONNACK's return code, or -1; the socket in `*fd` (the caller closes it).
int RawConnect(int port, const std::string& client_id,
               const std::string& username, const std::string& password,
               int* fd) {
  std::string body;
  AppendMqttString(body, "MQTT");
  body += '\x04';  // protocol level 3.1.1
  body += '\xC2';  // user name, password, clean session
  body += '\x00';  // keep alive (s), high byte
  body += '\x3C';  // 60
  AppendMqttString(body, client_id);
  AppendMqttString(body, username);
  AppendMqttString(body, password);
  const std::string packet = "\x10" + RemainingLength(body.size()) + body;
  *fd = socket(AF_INET, SOCK_STREAM, 0);
  const timeval timeout{10, 0};
  setsockopt(*fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  setsockopt(*fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  unsigned char connack[4] = {0, 0, 0, 0xFF};
  size_t got = 0;
  if (connect(*fd, reinterpret_cast<sockaddr*>(&address), sizeof address) ==
          0 &&
      write(*fd, packet.data(), packet.size()) ==
          static_cast<ssize_t>(packet.size())) {
    ssize_t n;
    while (got < sizeof connack &&
           (n = read(*fd, connack + got, sizeof connack - got)) > 0) {
      got += static_cast<size_t>(n);
    }
  }
  return got == sizeof connack && connack[0] == 0x20 ? connack[3] : -1;
}

}  // namespace

int MqttLoginCode(int port, const std::string& client_id,
                  const std::string& username, const std::string& password) {
  int fd = -1;
  const int code = RawConnect(port, client_id, username, password, &fd);
  close(fd);
  return code;
}

bool BrokerCutsOversizePublish(int port, const std::string& username,
                               const std::string& password,
                               const std::string& topic, size_t bytes) {
  int fd = -1;
  if (RawConnect(port, username, username, password, &fd) != 0) {
    close(fd);
    return false;
  }
  std::string head;
  AppendMqttString(head, topic);
  head += std::string("\x00\x01", 2);  // packet id 1 (QoS 1)
  const std::string packet =
      "\x32" + RemainingLength(head.size() + bytes) + head;
  bool cut = write(fd, packet.data(), packet.size()) !=
             static_cast<ssize_t>(packet.size());
  const std::string chunk(64 << 10, 'x');
  for (size_t sent = 0; !cut && sent < bytes; sent += chunk.size()) {
    const size_t n = std::min(chunk.size(), bytes - sent);
    cut = send(fd, chunk.data(), n, MSG_NOSIGNAL) != static_cast<ssize_t>(n);
  }
  // All of it sent: cut if the broker closed rather than PUBACKed.
  char answer[4];
  cut = cut || read(fd, answer, sizeof answer) <= 0;
  close(fd);
  return cut;
}

nlohmann::json PlanWithSchools(int schools) {
  nlohmann::json plan = SmallPlan();
  for (int i = 0; i < schools; ++i) {
    plan["orgs"].push_back({{"id", "school-" + std::to_string(i)},
                            {"kind", "school"},
                            {"name", "测试学校" + std::to_string(i)},
                            {"area", "652301"},
                            {"stage", "primary"},
                            {"students", 100},
                            {"location", {{"lat", 44.0}, {"lon", 87.3}}}});
  }
  return plan;
}

}  // namespace hazegate::testing
