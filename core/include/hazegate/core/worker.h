// Worker: the one thread loop of the server's background work (the
// scheduler, the broker accounts' sync, the photo janitor, the dispatchers
// and their committers, the device intake, the broker link's supervisor).
// It runs `turn` at Start, then whenever Wake() is called or `interval`
// passes, until Stop. Wake() is for any thread and never blocks beyond a
// short lock; wakes during a turn fold into one more turn. Stop waits for a
// turn in progress and, with OnStop::kFinishWoken, runs one last turn if a
// Wake() came since the last one began (work handed over is not left
// behind). Start and Stop from one owning thread; Stop is idempotent and the
// destructor stops. `turn` must not throw.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace hazegate {

class Worker {
 public:
  enum class OnStop { kLeave, kFinishWoken };

  Worker(std::function<void()> turn, std::chrono::milliseconds interval,
         OnStop on_stop = OnStop::kLeave);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void Start();
  void Wake();
  void Stop();

 private:
  void Run();

  const std::function<void()> turn_;
  const std::chrono::milliseconds interval_;
  const OnStop on_stop_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool running_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace hazegate
