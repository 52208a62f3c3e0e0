#include "server_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "support.h"

namespace hazegate::testing {

using namespace std::chrono_literals;

ServerProcess::ServerProcess(std::string config, int port, std::string fault)
    : config_(std::move(config)), port_(port), fault_(std::move(fault)) {}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Kill(SIGTERM);
}

void ServerProcess::Start() {
  pid_ = fork();
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // no orphan if the test dies
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);  // the access log
    if (!fault_.empty()) putenv(fault_.data());
    execl(HAZEGATE_BINARY, HAZEGATE_BINARY, "serve", "--config",
          config_.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(200ms);
  ASSERT_TRUE(Eventually([&] {
    auto res = client.Get("/healthz");
    return res && res->status == 200 &&
           nlohmann::json::parse(res->body)["mqtt"] == "connected";
  }));
}

void ServerProcess::Kill(int signal) {
  kill(pid_, signal);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

bool ServerProcess::Ended() {
  if (pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == pid_) pid_ = -1;
  return pid_ <= 0;
}

}  // namespace hazegate::testing
