#include "hazegate/app/device_import.h"

#include <map>
#include <set>

#include "hazegate/config/csv.h"
#include "hazegate/core/ids.h"
#include "hazegate/core/store.h"

namespace hazegate {

namespace {

struct Line {
  int number = 0;
  NewAccount account;
  std::string device_name;
};

FieldError LineError(int line, const std::string& column,
                     const std::string& message) {
  return {"line " + std::to_string(line) + ": " + column, message};
}

// `error` (of the domain layer) as errors of line `line`; `column` when it
// names no field of its own.
void AddLineErrors(int line, const std::string& column, const Error& error,
                   std::vector<FieldError>* errors) {
  if (error.fields.empty()) {
    errors->push_back(LineError(line, column, error.external_text));
  }
  for (const FieldError& field : error.fields) {
    errors->push_back(LineError(line, field.field, field.message));
  }
}

// The orgs' kinds by id, for the orgs the lines name.
std::map<std::string, std::string> OrgKinds(Store& store,
                                            const std::set<std::string>& ids) {
  std::map<std::string, std::string> kinds;
  auto lease = store.Acquire();
  SQLite::Statement& query =
      lease.Prepare("SELECT kind FROM orgs_view WHERE id = ?");
  for (const std::string& id : ids) {
    query.reset();
    query.bind(1, id);
    if (query.executeStep()) kinds[id] = query.getColumn(0).getString();
  }
  return kinds;
}

// Which of `usernames` accounts have already.
std::set<std::string> TakenUsernames(
    Store& store, const std::vector<std::string>& usernames) {
  std::set<std::string> taken;
  auto lease = store.Acquire();
  SQLite::Statement& query =
      lease.Prepare("SELECT 1 FROM accounts_view WHERE username = ?");
  for (const std::string& username : usernames) {
    query.reset();
    query.bind(1, username);
    if (query.executeStep()) taken.insert(username);
  }
  return taken;
}

// The lines as accounts to create, or the errors of every bad line.
Result<std::vector<Line>> ReadLines(Store& store, std::string_view csv) {
  const CsvParse parsed = ParseCsv(csv);
  if (!parsed.error.empty()) {
    return Error::Invalid("invalid CSV",
                          {LineError(parsed.error_line, "csv", parsed.error)});
  }
  std::set<std::string> org_ids;
  std::vector<std::string> named;
  for (const CsvRecord& record : parsed.records) {
    if (!record.fields.empty()) org_ids.insert(record.fields[0]);
    if (record.fields.size() > 1) named.push_back(record.fields[1]);
  }
  const auto kinds = OrgKinds(store, org_ids);
  const auto taken = TakenUsernames(store, named);
  std::vector<Line> lines;
  std::vector<FieldError> errors;
  std::set<std::string> usernames;
  for (const CsvRecord& record : parsed.records) {
    if (record.fields.size() != 3) {
      errors.push_back(LineError(record.line, "columns",
                                 "expected org,username,device_name"));
      continue;
    }
    const std::string& org = record.fields[0];
    const auto kind = kinds.find(org);
    if (kind == kinds.end()) {
      errors.push_back(LineError(record.line, "org", "unknown org " + org));
      continue;
    }
    Line line{record.line,
              {record.fields[1], RoleForOrgKind(kind->second).value_or(""), org,
               RandomHex(12)},
              record.fields[2]};
    for (const FieldError& error : Accounts::Check(line.account)) {
      errors.push_back(LineError(record.line, error.field, error.message));
    }
    if (!usernames.insert(line.account.username).second) {
      errors.push_back(LineError(record.line, "username",
                                 "repeats an earlier line's username"));
    } else if (taken.contains(line.account.username)) {
      errors.push_back(LineError(record.line, "username",
                                 line.account.username + " is taken"));
    }
    lines.push_back(std::move(line));
  }
  if (lines.empty() && errors.empty()) {
    errors.push_back(LineError(1, "csv", "no lines"));
  }
  if (!errors.empty()) return Error::Invalid("invalid device list", errors);
  return lines;
}

}  // namespace

std::optional<std::string> RoleForOrgKind(const std::string& kind) {
  static const std::map<std::string, std::string> kRoles = {
      {"command", "command"},
      {"office", "office"},
      {"unit", "unit"},
      {"agency", "unit"},
      {"group", "unit"},
      {"county", "county"},
      {"enterprise", "enterprise"},
      {"school", "school"},
      {"site", "enterprise"}};
  const auto role = kRoles.find(kind);
  if (role == kRoles.end()) return std::nullopt;
  return role->second;
}

Result<std::vector<ImportedDevice>> ImportDevices(Store& store,
                                                  const Clock& clock,
                                                  const Accounts& accounts,
                                                  const DeviceService& devices,
                                                  std::string_view csv,
                                                  const std::string& actor) {
  auto lines = ReadLines(store, csv);
  if (!lines.ok()) return lines.error();
  std::vector<std::string> passwords;
  for (const Line& line : lines.value()) {
    passwords.push_back(*line.account.password);
  }
  const std::vector<std::string> hashes = Accounts::HashPasswords(passwords);
  try {
    WriteTx tx(store);
    const TimePoint now = clock.Now();
    std::vector<ImportedDevice> created;
    std::vector<FieldError> errors;
    for (size_t i = 0; i < lines.value().size(); ++i) {
      const Line& line = lines.value()[i];
      const NewAccount& account = line.account;
      auto inserted = accounts.Insert(tx, account, hashes[i], actor);
      if (!inserted.ok()) {
        AddLineErrors(line.number, "username", inserted.error(), &errors);
        continue;
      }
      auto device =
          devices.Insert(tx, {account.org, line.device_name}, actor, now);
      if (!device.ok()) {
        AddLineErrors(line.number, "device_name", device.error(), &errors);
        continue;
      }
      created.push_back(
          {account.username, *account.password, std::move(device).value()});
    }
    if (!errors.empty()) return Error::Invalid("invalid device list", errors);
    tx.Commit();
    return created;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("importing devices: ") + e.what());
  }
}

}  // namespace hazegate
