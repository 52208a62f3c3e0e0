#include "hazegate/core/worker.h"

#include <utility>

namespace hazegate {

Worker::Worker(std::function<void()> turn, std::chrono::milliseconds interval)
    : turn_(std::move(turn)), interval_(interval) {}

Worker::~Worker() { Stop(); }

void Worker::Start() {
  {
    std::lock_guard lock(mutex_);
    if (running_) return;
    running_ = true;
  }
  thread_ = std::thread([this] { Run(); });
}

void Worker::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (!running_) return;
    running_ = false;
  }
  wake_.notify_all();
  thread_.join();
}

void Worker::Run() {
  std::unique_lock lock(mutex_);
  while (running_) {
    lock.unlock();
    turn_();
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return !running_; });
  }
}

}  // namespace hazegate
