#include "regional_auth.h"

#include <httplib.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>
#include <thread>

#include "hazegate/config/server_config.h"
#include "hazegate/mqtt/regional_authority.h"

namespace hazegate {

namespace {

// The nodes ask from a few kept-alive connections each; a question waits
// for at most one gateway call of 2 s.
constexpr int kThreads = 16;
constexpr time_t kKeepAliveTimeoutS = 60;
constexpr size_t kKeepAliveMaxRequests = 1000000;

void Route(httplib::Server& server, RegionalAuthority& authority) {
  server.Get(R"(/internal/mqtt/(user|vhost|resource|topic))",
             [&authority](const httplib::Request& req, httplib::Response& res) {
               const BrokerQuestion question(req.params.begin(),
                                             req.params.end());
               res.set_content(authority.Answer(req.matches[1], question),
                               "text/plain");
             });
}

}  // namespace

int RegionalAuthCommand(const std::string& listen,
                        const std::vector<std::string>& gateways) {
  const auto address = ParseListenAddress(listen, "--listen");
  if (!address.ok() || address.value().port == 0) {
    std::cerr << "hazegate: --listen: host:port expected, got \"" << listen
              << "\"\n";
    return 2;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  RegionalAuthority authority(gateways, HttpAskGateway());
  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_timeout(kKeepAliveTimeoutS);
  server.set_keep_alive_max_count(kKeepAliveMaxRequests);
  Route(server, authority);
  if (!server.bind_to_port(address.value().host, address.value().port)) {
    std::cerr << "hazegate: --listen: cannot bind " << listen << "\n";
    return 1;
  }
  std::thread signal_waiter([&] {
    int received = 0;
    sigwait(&signals, &received);
    server.stop();
  });
  spdlog::info("regional broker auth on {} for {} prefectures", listen,
               gateways.size());
  server.listen_after_bind();
  pthread_kill(signal_waiter.native_handle(), SIGTERM);  // if still waiting
  signal_waiter.join();
  return 0;
}

}  // namespace hazegate
