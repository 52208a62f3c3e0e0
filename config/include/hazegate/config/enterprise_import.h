// Import of the emission-reduction list (应急减排清单) as CSV: one row per
// production process; columns in docs/api.md. All-or-nothing: any bad row
// makes a kInvalidInput error with one FieldError per problem, field
// "line N: column", and nothing is stored.
#pragma once

#include <string>
#include <string_view>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"

namespace hazegate {

struct ImportSummary {
  int created = 0;
  int updated = 0;
};

Result<ImportSummary> ImportEnterprisesCsv(Store& store, std::string_view csv,
                                           const std::string& actor,
                                           const Clock& clock);

}  // namespace hazegate
