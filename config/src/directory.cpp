#include "hazegate/config/directory.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>

#include "hazegate/core/columns.h"
#include "hazegate/core/store.h"
#include "org_rules.h"

namespace hazegate {

Result<int64_t> SeqBefore(ReadTx& tx, const std::string& table,
                          const std::string& key_column, const std::string& id,
                          const CursorScope& scope) {
  Store::Lease& lease = Store::LeaseOf(tx);
  if (id.empty()) return INT64_MAX;
  std::string sql =
      "SELECT seq FROM " + table + " WHERE " + key_column + " = ?";
  if (!scope.value.empty()) sql += " AND " + scope.column + " = ?";
  SQLite::Statement& query = lease.Prepare(sql);
  query.bind(1, id);
  if (!scope.value.empty()) query.bind(2, scope.value);
  if (!query.executeStep()) {
    return Error::InvalidField("before", "unknown id " + id);
  }
  return query.getColumn(0).getInt64();
}

std::vector<std::string> CoveredAreas(ReadTx& tx,
                                      const std::vector<std::string>& areas) {
  Store::Lease& lease = Store::LeaseOf(tx);
  std::vector<std::string> all;
  bool prefecture = false;
  SQLite::Statement& query = lease.Prepare("SELECT code, kind FROM areas");
  while (query.executeStep()) {
    const std::string code = query.getColumn(0).getString();
    all.push_back(code);
    if (query.getColumn(1).getString() == "prefecture" &&
        std::find(areas.begin(), areas.end(), code) != areas.end()) {
      prefecture = true;
    }
  }
  return prefecture ? all : areas;
}

namespace {

// The directory lists in the plan's order, first to last (contract v3): a
// page continues after `before`, the last id of the one before it.
Result<int64_t> SeqAfter(SQLite::Database& db, const std::string& table,
                         const std::string& key_column, const std::string& id) {
  if (id.empty()) return int64_t{0};
  SQLite::Statement query(
      db, "SELECT seq FROM " + table + " WHERE " + key_column + " = ?");
  query.bind(1, id);
  if (!query.executeStep()) {
    return Error::InvalidField("before", "unknown id " + id);
  }
  return query.getColumn(0).getInt64();
}

}  // namespace

Result<std::vector<Area>> Directory::ListAreas(const PageRequest& page) const {
  auto lease = store_.Acquire();
  try {
    const auto before = SeqAfter(lease.db(), "areas", "code", page.before);
    if (!before.ok()) return before.error();
    SQLite::Statement query(lease.db(),
                            "SELECT code, name, kind, parent FROM areas "
                            "WHERE seq > ? ORDER BY seq LIMIT ?");
    query.bind(1, before.value());
    query.bind(2, page.limit);
    std::vector<Area> areas;
    while (query.executeStep()) {
      areas.push_back(
          {query.getColumn(0).getString(), query.getColumn(1).getString(),
           query.getColumn(2).getString(), query.getColumn(3).getString()});
    }
    return areas;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("listing areas: ") + e.what());
  }
}

bool IsOrgKind(std::string_view kind) {
  return internal::OneOf(kind, internal::kOrgKinds);
}

Result<std::vector<Org>> Directory::ListOrgs(const OrgQuery& q) const {
  if (!q.kind.empty() && !IsOrgKind(q.kind)) {
    return Error::InvalidField("kind", "unknown org kind " + q.kind);
  }
  auto lease = store_.Acquire();
  try {
    const auto before = SeqAfter(lease.db(), "orgs", "id", q.page.before);
    if (!before.ok()) return before.error();
    SQLite::Statement query(
        lease.db(),
        "SELECT id, name, kind, area FROM orgs WHERE seq > ? "
        "AND (?2 = '' OR kind = ?2) AND (?3 = '' OR area = ?3) "
        "ORDER BY seq LIMIT ?4");
    query.bind(1, before.value());
    query.bind(2, q.kind);
    query.bind(3, q.area);
    query.bind(4, q.page.limit);
    std::vector<Org> orgs;
    while (query.executeStep()) {
      orgs.push_back({query.getColumn(0).getString(),
                      query.getColumn(1).getString(),
                      query.getColumn(2).getString(),
                      query.getColumn(3).getString(), "", "{}"});
    }
    return orgs;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("listing orgs: ") + e.what());
  }
}

Result<Org> Directory::GetOrg(const std::string& id) const {
  auto lease = store_.Acquire();
  try {
    SQLite::Statement& query = lease.Prepare(
        "SELECT id, name, kind, area, uscc, details FROM orgs WHERE id = ?");
    query.bind(1, id);
    if (!query.executeStep()) return Error::NotFound("org " + id);
    return Org{query.getColumn(0).getString(),  query.getColumn(1).getString(),
               query.getColumn(2).getString(),  query.getColumn(3).getString(),
               TextOrEmpty(query.getColumn(4)), query.getColumn(5).getString()};
  } catch (const std::exception& e) {
    return Error::Internal("reading org " + id + ": " + e.what());
  }
}

Result<std::vector<Contact>> Directory::Contacts(const std::string& org) const {
  auto lease = store_.Acquire();
  try {
    SQLite::Statement& query = lease.Prepare(
        "SELECT name, phone, duty FROM org_contacts WHERE org = ? ORDER BY "
        "position");
    query.bind(1, org);
    std::vector<Contact> contacts;
    while (query.executeStep()) {
      contacts.push_back({query.getColumn(0).getString(),
                          query.getColumn(1).getString(),
                          TextOrEmpty(query.getColumn(2))});
    }
    return contacts;
  } catch (const std::exception& e) {
    return Error::Internal("reading the contacts of " + org + ": " + e.what());
  }
}

}  // namespace hazegate
