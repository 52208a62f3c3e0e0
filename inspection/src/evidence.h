// The evidence checks of a report: flags, never rejections. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hazegate/inspection/inspections.h"
#include "inspection_submit.h"

namespace hazegate::internal {

struct EvidenceInput {
  const InspectionReport& report;
  const InspectedSite& site;
  const std::optional<WarningPeriod>& warning;
  const std::vector<ReceivedPhoto>& photos;
  // For each photo, another report holding the same photo, or "".
  const std::vector<std::string>& reused_in;
  TimePoint now;
};

std::optional<LocationCheck> CheckSiteLocation(const EvidenceInput& input);

// Flags in a fixed order, each at most once.
std::vector<EvidenceFlag> CheckEvidence(const EvidenceInput& input,
                                        const EvidencePolicy& policy);

}  // namespace hazegate::internal
