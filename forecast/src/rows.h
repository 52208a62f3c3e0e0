// What the forecast room's stores share: the plan's area codes and orgs
// (config's views), lists kept as JSON arrays in a column.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "hazegate/core/tx.h"
#include "hazegate/forecast/forecasts.h"

namespace hazegate::internal {

std::set<std::string> AreaCodes(ReadTx& tx);
bool KnownOrg(ReadTx& tx, const std::string& id);
std::string ListColumn(const std::vector<std::string>& list);
std::vector<std::string> ListOf(const std::string& column);
// The newest regional notices, at most `limit`.
std::vector<RegionalNotice> ReadNotices(ReadTx& tx, int limit);

}  // namespace hazegate::internal
