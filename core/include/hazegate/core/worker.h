// Worker: the one thread loop of the server's periodic work (the scheduler,
// the broker accounts' sync, the photo janitor). It runs `turn` at Start and
// then every `interval`, until Stop. Start and Stop from one owning thread;
// Stop waits for a turn in progress and is idempotent, the destructor stops.
// `turn` must not throw.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace hazegate {

class Worker {
 public:
  Worker(std::function<void()> turn, std::chrono::milliseconds interval);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void Start();
  void Stop();

 private:
  void Run();

  const std::function<void()> turn_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool running_ = false;
  std::thread thread_;
};

}  // namespace hazegate
