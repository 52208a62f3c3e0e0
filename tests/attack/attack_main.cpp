// scripts/attack.sh's program: starts the production shape (the real binary
// behind the nginx front door), runs each attack of issues 10 and 19,
// and prints per attack what a normal client saw meanwhile and the
// server's peak RSS and CPU.
// Usage: attack [--hold]   (--hold: start the server, print its port and
//                           tokens, and wait for Ctrl-C; for trying by hand)
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <iostream>

#include "attacks.h"
#include "protected_server.h"
#include "scenarios.h"

using namespace hazegate::testing;

int main(int argc, char** argv) {
  TempDir dir;
  ProtectedServer server(dir);
  if (argc > 1 && std::strcmp(argv[1], "--hold") == 0) {
    std::cout << "port " << server.port() << "\nca " << server.ca_file()
              << "\nfolder " << dir.path().string() << "\n";
    for (const char* role : {"office", "inspector", "enterprise", "county"}) {
      std::cout << role << " " << server.token(role) << "\n";
    }
    std::cout.flush();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, nullptr);
    int signal = 0;
    sigwait(&set, &signal);
    return 0;
  }
  int failed = 0;
  for (const Scenario& scenario : Scenarios(server)) {
    server.ResetPeaks();
    const double cpu_before = server.GatewayUse().cpu_seconds;
    const double door_cpu_before = server.FrontDoorUse().cpu_seconds;
    const ScenarioResult result = scenario.run();
    const auto gateway = server.GatewayUse();
    const auto door = server.FrontDoorUse();
    const bool held = result.held && server.GatewayAlive() &&
                      gateway.peak_rss_kib < 256 * 1024 &&
                      door.peak_rss_kib < 256 * 1024;
    failed += held ? 0 : 1;
    std::cout << "== " << scenario.name << ": " << (held ? "held" : "NOT HELD")
              << "\n"
              << result.text << "\n  server: gateway peak RSS "
              << gateway.peak_rss_kib / 1024 << " MiB, CPU "
              << gateway.cpu_seconds - cpu_before << " s; front door peak RSS "
              << door.peak_rss_kib / 1024 << " MiB, CPU "
              << door.cpu_seconds - door_cpu_before << " s\n"
              << std::endl;
  }
  std::cout << (failed == 0 ? "every attack held"
                            : "some attacks were NOT held")
            << std::endl;
  return failed == 0 ? 0 : 1;
}
