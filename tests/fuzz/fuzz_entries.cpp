#include "fuzz_entries.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "device_intake.h"
#include "hazegate/app/schema.h"
#include "hazegate/config/enterprise_import.h"
#include "hazegate/config/plan.h"
#include "hazegate/core/store.h"
#include "hazegate/inspection/submission.h"
#include "topics.h"

namespace hazegate::fuzz {

namespace {

namespace fs = std::filesystem;

void Require(bool invariant) {
  if (!invariant) std::abort();
}

std::string_view Text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A scratch folder for the process, removed at exit.
const fs::path& Scratch() {
  static const fs::path dir = [] {
    fs::path path = fs::temp_directory_path() /
                    ("hazegate-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(path);
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(Scratch(), ignored);
    });
    return path;
  }();
  return dir;
}

class FixedClock final : public Clock {
 public:
  TimePoint Now() const override { return FromUnixSeconds(1796083200); }
};

// A store with the sample plan loaded, shared by every CSV input.
Store& PlanStore() {
  static const FixedClock clock;
  static std::unique_ptr<Store> store = [] {
    auto opened =
        Store::Open((Scratch() / "fuzz.db").string(), HazegateSchema(), 1);
    Require(opened.ok());
    auto plan = ReadPlanFile(
        std::string(HAZEGATE_SOURCE_DIR) + "/config/plans/changji.json",
        nullptr);
    Require(plan.ok());
    Require(LoadPlan(*opened.value(), plan.value(), "fuzz", clock).ok());
    return std::move(opened).value();
  }();
  return *store;
}

}  // namespace

void Plan(const uint8_t* data, size_t size) {
  const auto plan = nlohmann::json::parse(Text(data, size), nullptr, false);
  if (plan.is_discarded()) return;
  for (const PlanIssue& issue : ValidatePlan(plan)) {
    Require(!issue.message.empty());
    Require(issue.pointer.empty() || issue.pointer[0] == '/');
  }
}

void Csv(const uint8_t* data, size_t size) {
  static const FixedClock clock;
  auto imported =
      ImportEnterprisesCsv(PlanStore(), Text(data, size), "fuzz", clock);
  if (imported.ok()) return;
  Require(imported.error().kind == ErrorKind::kInvalidInput);
  Require(!imported.error().fields.empty());
  for (const FieldError& field : imported.error().fields) {
    Require(field.field.rfind("line ", 0) == 0 || field.field == "body");
  }
}

// Parts separated by "\n--\n"; the first byte of a part picks its name and
// type (report, photo as image/jpeg, photo as image/png, another name).
void Inspection(const uint8_t* data, size_t size) {
  static std::unique_ptr<BlobStore> blobs = [] {
    auto opened = BlobStore::Open((Scratch() / "blobs").string());
    Require(opened.ok());
    return std::move(opened).value();
  }();
  {
    SubmissionBuilder builder(*blobs, {8, 64 * 1024, 16 * 1024});
    std::string_view rest = Text(data, size);
    while (!rest.empty()) {
      const size_t end = rest.find("\n--\n");
      std::string_view part = rest.substr(0, end);
      rest = end == std::string_view::npos ? "" : rest.substr(end + 4);
      const char kind = part.empty() ? 0 : part[0];
      part.remove_prefix(part.empty() ? 0 : 1);
      static const char* const kNames[] = {"report", "photo", "photo", "x"};
      static const char* const kTypes[] = {"application/json", "image/jpeg",
                                           "image/png", ""};
      builder.BeginPart(kNames[kind & 3], kTypes[kind & 3]);
      builder.Append(part.data(), part.size());
    }
    auto submission = builder.Finish();
    if (submission.ok()) {
      const InspectionReport& r = submission.value().report;
      Require(!r.id.empty() && !r.site.empty());
      Require(r.location.lat >= -90 && r.location.lat <= 90);
      Require(r.location.lon >= -180 && r.location.lon <= 180);
      Require(r.verdict == "compliant" || r.verdict == "non_compliant");
      Require(submission.value().photos.size() <= 8);
      for (const ReceivedPhoto& photo : submission.value().photos) {
        Require(photo.facts.width > 0 && photo.facts.height > 0);
      }
    }
  }
  // Nothing was published: every upload is gone with its builder.
  Require(fs::is_empty(Scratch() / "blobs" / "tmp"));
}

void Ack(const uint8_t* data, size_t size) {
  const std::string_view text = Text(data, size);
  const size_t newline = text.find('\n');
  const std::string topic(text.substr(0, newline));
  const std::string payload(
      newline == std::string_view::npos ? "" : text.substr(newline + 1));
  const internal::Topics topics("hazegate");
  const auto org = topics.OrgOf(topic, "acks");
  if (org) {
    Require(!org->empty() && org->find('/') == std::string::npos);
    Require("hazegate/orgs/" + *org + "/acks" == topic);
  }
  const auto ack = internal::ParseAckPayload(payload);
  if (ack) Require(!ack->first.empty());
  const auto receipt = internal::ParseReceiptPayload(payload);
  if (receipt) {
    Require(!receipt->empty() && receipt->size() <= internal::kMaxReceiptIds);
    for (const std::string& id : *receipt) Require(!id.empty());
  }
}

}  // namespace hazegate::fuzz
