#include "rows.h"

#include <nlohmann/json.hpp>

#include "hazegate/core/store.h"

namespace hazegate::internal {

std::set<std::string> AreaCodes(ReadTx& tx) {
  SQLite::Statement& query =
      Store::LeaseOf(tx).Prepare("SELECT code FROM areas_view");
  std::set<std::string> codes;
  while (query.executeStep()) codes.insert(query.getColumn(0).getString());
  return codes;
}

bool KnownOrg(ReadTx& tx, const std::string& id) {
  SQLite::Statement& query =
      Store::LeaseOf(tx).Prepare("SELECT 1 FROM orgs_view WHERE id = ?");
  query.bind(1, id);
  return query.executeStep();
}

std::string ListColumn(const std::vector<std::string>& list) {
  return nlohmann::json(list).dump();
}

std::vector<std::string> ListOf(const std::string& column) {
  return nlohmann::json::parse(column).get<std::vector<std::string>>();
}

}  // namespace hazegate::internal
