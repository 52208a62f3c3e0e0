#include "org_store.h"

#include <SQLiteCpp/Statement.h>

#include "hazegate/config/contacts.h"
#include "hazegate/core/store.h"

namespace hazegate::internal {

using nlohmann::json;

namespace {

// The org id already holding `uscc`, or "" if none.
std::string OrgHoldingUscc(SQLite::Database& db, const std::string& uscc) {
  SQLite::Statement query(db, "SELECT id FROM orgs WHERE uscc = ?");
  query.bind(1, uscc);
  return query.executeStep() ? query.getColumn(0).getString() : "";
}

// Replaces the org's contacts with `contacts` (validated: a phone that is
// not a mobile number is skipped).
void ReplaceContacts(SQLite::Database& db, const std::string& org,
                     const json& contacts) {
  SQLite::Statement clear(db, "DELETE FROM org_contacts WHERE org = ?");
  clear.bind(1, org);
  clear.exec();
  SQLite::Statement insert(
      db,
      "INSERT INTO org_contacts (org, position, name, phone, duty) VALUES "
      "(?, ?, ?, ?, ?)");
  int position = 0;
  for (const json& contact : contacts) {
    const auto phone = ChinaMobile(contact.value("phone", ""));
    if (!phone) continue;
    insert.reset();
    insert.bind(1, org);
    insert.bind(2, position++);
    insert.bind(3, contact.value("name", ""));
    insert.bind(4, *phone);
    const std::string duty = contact.value("duty", "");
    duty.empty() ? insert.bind(5) : insert.bind(5, duty);
    insert.exec();
  }
}

}  // namespace

Status UpsertOrg(WriteTx& tx, const json& org, TimePoint now) {
  SQLite::Database& db = Store::LeaseOf(tx).db();
  const std::string id = org.at("id").get<std::string>();
  const std::string uscc = org.value("uscc", "");
  if (!uscc.empty()) {
    const std::string holder = OrgHoldingUscc(db, uscc);
    if (!holder.empty() && holder != id) {
      return Error::InvalidField(
          "uscc", "credit code already belongs to org " + holder);
    }
  }
  json details = org;
  for (const char* key : {"id", "kind", "name", "area", "uscc", "contacts"}) {
    details.erase(key);
  }
  SQLite::Statement upsert(
      db,
      "INSERT INTO orgs (id, kind, name, area, uscc, details, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
      "kind = excluded.kind, name = excluded.name, area = excluded.area, "
      "uscc = excluded.uscc, details = excluded.details, "
      "updated_at = excluded.updated_at");
  upsert.bind(1, id);
  upsert.bind(2, org.at("kind").get<std::string>());
  upsert.bind(3, org.at("name").get<std::string>());
  upsert.bind(4, org.at("area").get<std::string>());
  if (uscc.empty()) {
    upsert.bind(5);
  } else {
    upsert.bind(5, uscc);
  }
  upsert.bind(6, details.dump());
  upsert.bind(7, ToUnixSeconds(now));
  upsert.exec();
  // An import that names no contacts keeps those the org has.
  if (org.contains("contacts")) ReplaceContacts(db, id, org["contacts"]);
  return Ok{};
}

}  // namespace hazegate::internal
