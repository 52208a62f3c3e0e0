// Directory: read access to the plan's areas and orgs (their JSON forms
// are directory_json.h).
// Thread-safe; the Store must outlive it. Lists are newest first (by
// insertion), paged by `limit` and `before` (an id of the previous page).
#pragma once

#include <string>
#include <vector>

#include "hazegate/config/contacts.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"

namespace hazegate {

struct PageRequest {
  int limit = 100;     // 1..1000, checked by the caller
  std::string before;  // empty = from the newest
};

struct OrgQuery {
  std::string kind;  // empty = any
  std::string area;  // empty = any
  PageRequest page;
};

// The paging cursor for `before`: the seq of row `id` in `table` (keyed by
// `key_column`), INT64_MAX for an empty id, kInvalidInput on field "before"
// for an unknown one. With a `scope` {column, value} (value not empty), a
// row outside it is as unknown as one that does not exist, so that a
// cursor reveals nothing of what the caller may not list. `table` and the
// columns are trusted identifiers.
struct CursorScope {
  std::string column;
  std::string value;  // empty = no scope
};
Result<int64_t> SeqBefore(ReadTx& tx, const std::string& table,
                          const std::string& key_column, const std::string& id,
                          const CursorScope& scope = {});

// True for the plan's org kinds (command office unit group county
// enterprise school site).
bool IsOrgKind(std::string_view kind);

// The area codes a warning over `areas` covers: every area of the plan when
// it names the prefecture, else `areas`. The one place this rule lives.
std::vector<std::string> CoveredAreas(ReadTx& tx,
                                      const std::vector<std::string>& areas);

struct Area {
  std::string code;
  std::string name;
  std::string kind;    // prefecture, county, park
  std::string parent;  // "" for the top
};

struct Org {
  std::string id;
  std::string name;
  std::string kind;
  std::string area;
  std::string uscc;  // "" if none
  // The plan's kind-specific fields (measures, location, stage, …) as a
  // JSON object: the plan is a document (docs/plan.md). "{}" in lists.
  std::string details_json = "{}";
};

class Directory {
 public:
  explicit Directory(Store& store) : store_(store) {}

  // An unknown `before` is kInvalidInput.
  Result<std::vector<Area>> ListAreas(const PageRequest& page) const;

  // Without their details. An unknown `kind` or `before` is kInvalidInput
  // naming that field.
  Result<std::vector<Org>> ListOrgs(const OrgQuery& query) const;

  // With its details; kNotFound if unknown.
  Result<Org> GetOrg(const std::string& id) const;

  // The org's contacts in the plan's order (whom SMS reaches); none for an
  // unknown org. Read apart from GetOrg: few readers may see them.
  Result<std::vector<Contact>> Contacts(const std::string& org) const;

 private:
  Store& store_;
};

}  // namespace hazegate
