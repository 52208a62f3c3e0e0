// The press release (新闻发布, issue 22): for a warning that was in force,
// a draft 通稿 compiled from the plan's press_release template (level,
// areas, start, the measures in words, the public advice), which the office
// or the plan's publishers (宣传部) edit and publish; the public page links
// the latest published text. Never for a drill, a proposal or a rejected
// warning (kConflict). Thread-safe; Store and Clock outlive it.
#pragma once

#include <optional>
#include <string>

#include "hazegate/core/actor.h"
#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"

namespace hazegate {

struct PressRelease {
  std::string id, warning_id, title, text, by;
  TimePoint at;
};

struct PressDraft {
  std::string title, text;                // compiled from the template
  std::optional<PressRelease> published;  // the latest, if any
};

class PressService {
 public:
  PressService(Store& store, const Clock& clock);

  // kNotFound for an unknown warning.
  Result<PressDraft> Draft(const std::string& warning_id) const;

  // `office` says the actor may publish any warning's; otherwise its org
  // must be one of the plan's publishers (kForbidden). kInvalidInput naming
  // title (1-200 bytes) or text (1-8,000 bytes, no control characters but
  // line breaks).
  Result<PressRelease> Publish(const std::string& warning_id,
                               const std::string& title,
                               const std::string& text, const Actor& actor,
                               bool office);

  // The latest published; kNotFound if none (or a drill's).
  Result<PressRelease> Published(const std::string& warning_id) const;

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace hazegate
