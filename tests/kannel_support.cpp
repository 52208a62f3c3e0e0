#include "kannel_support.h"

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <regex>
#include <stdexcept>

#include "mqtt_support.h"

namespace hazegate::testing {

namespace {

pid_t Spawn(const std::vector<std::string>& argv, const std::string& output) {
  const pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // no orphan if the test dies
    const int out = open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    std::vector<char*> args;
    for (const std::string& arg : argv)
      args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  return pid;
}

void End(pid_t* pid, int signal) {
  if (*pid <= 0) return;
  kill(*pid, signal);
  waitpid(*pid, nullptr, 0);
  *pid = -1;
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

std::string UrlDecoded(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];  // Kannel's encoding of a space
    }
  }
  return out;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// UTF-16BE bytes as UTF-8.
std::string FromUtf16Be(const std::string& bytes) {
  std::string out;
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    char32_t unit = (static_cast<unsigned char>(bytes[i]) << 8) |
                    static_cast<unsigned char>(bytes[i + 1]);
    if (unit >= 0xD800 && unit < 0xDC00 && i + 3 < bytes.size()) {
      const char32_t low = (static_cast<unsigned char>(bytes[i + 2]) << 8) |
                           static_cast<unsigned char>(bytes[i + 3]);
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
      i += 2;
    }
    AppendUtf8(out, unit);
  }
  return out;
}

}  // namespace

Kannel::Kannel(const TempDir& dir, const std::string& gateway_url,
               const std::string& key, const std::string& smsc_group)
    : dir_(dir.File("kannel")),
      key_(key),
      admin_port_(FreePort()),
      smsbox_port_(FreePort()),
      sendsms_port_(FreePort()),
      smsc_port_(FreePort()) {
  std::string group_file;
  if (!smsc_group.empty()) {
    group_file = dir.File("smsc-group.conf");
    std::ofstream(group_file) << smsc_group;
  }
  CommandOutput(
      std::string(HAZEGATE_SOURCE_DIR) + "/scripts/kannel-config.sh " + dir_ +
      " " + std::to_string(admin_port_) + " " + std::to_string(smsbox_port_) +
      " " + std::to_string(sendsms_port_) + " " + std::to_string(smsc_port_) +
      " " + gateway_url + " " + key + " " + password() + " " + group_file);
}

Kannel::~Kannel() { Stop(); }

void Kannel::Start() {
  bearerbox_ =
      Spawn({"bearerbox", dir_ + "/kannel.conf"}, dir_ + "/bearerbox.out");
  if (!Eventually([this] { return PortAccepts(smsbox_port_); })) {
    throw std::runtime_error("bearerbox did not start");
  }
  smsbox_ = Spawn({"smsbox", dir_ + "/kannel.conf"}, dir_ + "/smsbox.out");
  if (!Eventually([this] { return PortAccepts(sendsms_port_); })) {
    throw std::runtime_error("smsbox did not start");
  }
}

void Kannel::Stop() {
  End(&smsbox_, SIGTERM);
  End(&bearerbox_, SIGTERM);
}

std::string Kannel::sendsms_url() const {
  return "http://127.0.0.1:" + std::to_string(sendsms_port_) +
         "/cgi-bin/sendsms";
}

std::string Kannel::SmsConfig(const std::string& link_base, int after_s) const {
  return "[sms]\nsendsms_url = \"" + sendsms_url() +
         "\"\nusername = \"hazegate\"\npassword = \"" + password() +
         "\"\nsender = \"10690000\"\nafter_s = " + std::to_string(after_s) +
         "\nlink_base = \"" + link_base + "\"\ncallback_key = \"" + key_ +
         "\"\n";
}

int Kannel::SmscConnections() const {
  try {
    return Count(ReadFile(dir_ + "/bearerbox.log"),
                 "Fakesmsc client connected");
  } catch (const std::exception&) {
    return 0;
  }
}

FakeSmsc::FakeSmsc(const TempDir& dir, const Kannel& kannel)
    : kannel_(kannel), output_(dir.File("fakesmsc.out")) {}

FakeSmsc::~FakeSmsc() { Stop(); }

void FakeSmsc::Start(const std::optional<Sms>& send) {
  const int before = kannel_.SmscConnections();
  std::vector<std::string> argv = {"/usr/lib/kannel/test/fakesmsc",
                                   "-H",
                                   "127.0.0.1",
                                   "-r",
                                   std::to_string(kannel_.smsc_port()),
                                   "-i",
                                   "0.01",
                                   "-m",
                                   send ? "1" : "0"};
  argv.push_back(send ? send->from + " " + send->to + " text " + send->text
                      : "x y text unused");
  pid_ = Spawn(argv, output_);
  if (!Eventually([&] { return kannel_.SmscConnections() > before; })) {
    throw std::runtime_error("fakesmsc did not connect");
  }
}

void FakeSmsc::Stop() { End(&pid_, SIGTERM); }

std::vector<Sms> FakeSmsc::Received() const {
  // "Got message N: <from to ucs-2 %XX…>", or for each part of a long one
  // "<from to udh %05%00%03REF TOTAL SEQ data %XX…>" (UCS-2 too: hazegate
  // sends nothing else), put together here as a phone would.
  static const std::regex got(
      R"(Got message \d+: <(\S+) (\S+) (\S+) (?:(\S+) data )?(.*)>)");
  std::vector<Sms> messages;
  std::map<std::string, std::map<int, std::string>> parts;
  const std::string output = ReadFile(output_);
  for (std::sregex_iterator it(output.begin(), output.end(), got), end;
       it != end; ++it) {
    const std::string from = (*it)[1], to = (*it)[2], type = (*it)[3];
    const std::string raw = UrlDecoded((*it)[5]);
    if (type != "udh") {
      messages.push_back({from, to, type == "ucs-2" ? FromUtf16Be(raw) : raw});
      continue;
    }
    const std::string udh = UrlDecoded((*it)[4]);
    if (udh.size() < 6) continue;
    const std::string key = from + " " + to + " " + std::to_string(udh[3]);
    auto& pieces = parts[key];
    pieces[static_cast<unsigned char>(udh[5])] = raw;
    if (pieces.size() != static_cast<unsigned char>(udh[4])) continue;
    std::string whole;
    for (const auto& [seq, piece] : pieces) whole += piece;
    messages.push_back({from, to, FromUtf16Be(whole)});
    parts.erase(key);
  }
  return messages;
}

}  // namespace hazegate::testing
