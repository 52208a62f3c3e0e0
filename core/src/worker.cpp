#include "hazegate/core/worker.h"

#include <utility>

namespace hazegate {

Worker::Worker(std::function<void()> turn, std::chrono::milliseconds interval,
               OnStop on_stop)
    : turn_(std::move(turn)), interval_(interval), on_stop_(on_stop) {}

Worker::~Worker() { Stop(); }

void Worker::Start() {
  {
    std::lock_guard lock(mutex_);
    if (running_) return;
    running_ = true;
  }
  thread_ = std::thread([this] { Run(); });
}

void Worker::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
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
    woken_ = false;
    lock.unlock();
    turn_();
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return !running_ || woken_; });
  }
  if (on_stop_ == OnStop::kFinishWoken && woken_) {
    woken_ = false;
    lock.unlock();
    turn_();
  }
}

}  // namespace hazegate
