// The real hazegate binary as a child process of the test: started with a
// config (and an optional fault hook in its environment), healthy once its
// broker link is up, stopped with a signal of the test's choice.
#pragma once

#include <sys/types.h>

#include <string>

namespace hazegate::testing {

class ServerProcess {
 public:
  // `fault`: an environment entry (NAME=value) for the server, "" = none.
  ServerProcess(std::string config, int port, std::string fault = "");
  ~ServerProcess();

  // Returns once /healthz answers with the broker connected (a test
  // failure if it never does).
  void Start();
  void Kill(int signal);  // and waits for the process to end
  // True once the process has ended by itself.
  bool Ended();

 private:
  std::string config_;
  int port_;
  std::string fault_;
  pid_t pid_ = -1;
};

}  // namespace hazegate::testing
