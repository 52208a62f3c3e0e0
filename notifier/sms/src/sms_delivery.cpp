#include "hazegate/sms/sms_delivery.h"

#include <spdlog/spdlog.h>

#include <sstream>

#include "hazegate/core/worker.h"
#include "kannel_channel.h"

namespace hazegate {

class SmsDelivery::Impl {
 public:
  Impl(Store& store, const Clock& clock, SmsService& service,
       KannelOptions kannel, Dispatcher::Options dispatch)
      : service_(service),
        channel_(std::move(kannel),
                 {[this](uint64_t seq) { dispatcher_.OnDelivered(seq); },
                  [this](uint64_t seq) { dispatcher_.OnFailed(seq); }}),
        dispatcher_(store, channel_, clock, dispatch),
        clockwork_([this] { Tick(); }, std::chrono::seconds(1)) {}

  void Start() {
    dispatcher_.Start();
    channel_.Start();
    clockwork_.Start();
  }

  void Stop() {
    clockwork_.Stop();
    channel_.Stop();
    dispatcher_.Stop();
  }

  void OutboxWritten() { dispatcher_.Wake(); }

  std::string Metrics() const {
    std::ostringstream out;
    out << "# HELP hazegate_sms_kannel_total SMS handed to Kannel, by its "
           "answer.\n# TYPE hazegate_sms_kannel_total counter\n"
        << "hazegate_sms_kannel_total{result=\"accepted\"} "
        << channel_.accepted_total() << "\n"
        << "hazegate_sms_kannel_total{result=\"refused\"} "
        << channel_.refused_total() << "\n";
    auto counts = service_.CountByStatus();
    if (!counts.ok()) return out.str();
    out << "# HELP hazegate_sms_messages SMS to contacts, by status.\n"
           "# TYPE hazegate_sms_messages gauge\n";
    for (const auto& [status, count] : counts.value()) {
      out << "hazegate_sms_messages{status=\"" << status << "\"} " << count
          << "\n";
    }
    return out.str();
  }

 private:
  void Tick() {
    auto queued = service_.Tick();
    if (!queued.ok()) {
      spdlog::error("sms: {}", queued.error().internal_text);
    } else if (queued.value() > 0) {
      spdlog::info("sms: {} messages queued", queued.value());
      dispatcher_.Wake();
    }
  }

  SmsService& service_;
  internal::KannelChannel channel_;
  Dispatcher dispatcher_;
  Worker clockwork_;
};

SmsDelivery::SmsDelivery(Store& store, const Clock& clock, SmsService& service,
                         KannelOptions kannel, Dispatcher::Options dispatch)
    : impl_(std::make_unique<Impl>(store, clock, service, std::move(kannel),
                                   dispatch)) {}

SmsDelivery::~SmsDelivery() { Stop(); }

void SmsDelivery::Start() { impl_->Start(); }
void SmsDelivery::Stop() { impl_->Stop(); }
void SmsDelivery::OutboxWritten() { impl_->OutboxWritten(); }
std::string SmsDelivery::Metrics() const { return impl_->Metrics(); }

}  // namespace hazegate
