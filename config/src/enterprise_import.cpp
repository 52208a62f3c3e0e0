#include "hazegate/config/enterprise_import.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "hazegate/config/contacts.h"
#include "hazegate/config/csv.h"
#include "hazegate/config/uscc.h"
#include "hazegate/core/store.h"
#include "hazegate/core/utf8.h"
#include "org_rules.h"
#include "org_store.h"

namespace hazegate {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 12> kColumns = {
    "uscc", "name",       "area",    "industry", "grade",  "lat",
    "lon",  "geofence_m", "process", "yellow",   "orange", "red"};

// Optional: "姓名:手机[:职务]" entries separated by ";" (contract v3).
constexpr std::string_view kContactsColumn = "contacts";

// Enterprise-level columns that must agree on every row of one enterprise.
constexpr std::array<std::string_view, 7> kSharedColumns = {
    "name", "area", "industry", "grade", "lat", "lon", "geofence_m"};

std::string Trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

// `text` split at each `ascii` or `full_width` separator, each part trimmed
// of spaces.
std::vector<std::string> SplitTrimmed(const std::string& text,
                                      std::string_view ascii,
                                      std::string_view full_width) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, ascii.size(), ascii) == 0) {
      parts.emplace_back();
      i += ascii.size();
    } else if (text.compare(i, full_width.size(), full_width) == 0) {
      parts.emplace_back();
      i += full_width.size();
    } else {
      parts.back() += text[i++];
    }
  }
  for (std::string& part : parts) part = Trimmed(part);
  return parts;
}

// The contacts cell as [{name, phone, duty?}], or the problem with it.
Result<json> ParseContacts(const std::string& cell) {
  json contacts = json::array();
  std::set<std::string> phones;
  for (const std::string& entry : SplitTrimmed(cell, ";", "；")) {
    if (entry.empty()) continue;
    const std::vector<std::string> parts = SplitTrimmed(entry, ":", "：");
    const auto phone = parts.size() >= 2 ? ChinaMobile(parts[1]) : std::nullopt;
    if (parts.size() > 3 || parts[0].empty() || !phone) {
      return Error::InvalidField("contacts",
                                 "each entry is 姓名:手机[:职务] with a "
                                 "mainland mobile number: " +
                                     entry);
    }
    if (!phones.insert(*phone).second) {
      return Error::InvalidField("contacts", "the same phone twice: " + *phone);
    }
    json contact = {{"name", parts[0]}, {"phone", *phone}};
    if (parts.size() == 3 && !parts[2].empty()) contact["duty"] = parts[2];
    contacts.push_back(std::move(contact));
  }
  if (contacts.size() > kMaxContacts) {
    return Error::InvalidField("contacts", "at most 10 contacts");
  }
  return contacts;
}

std::optional<double> ParseNumber(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

struct Draft {
  int first_line = 0;
  std::map<std::string, std::string> shared;  // kSharedColumns values
  std::optional<json> contacts;               // with a contacts column only
  std::vector<std::string> processes;
  json measures = {{"yellow", json::array()},
                   {"orange", json::array()},
                   {"red", json::array()}};
};

class ListImporter {
 public:
  explicit ListImporter(std::set<std::string> areas)
      : areas_(std::move(areas)) {}

  // Fills errors() or drafts() from the CSV text.
  void Read(std::string_view csv) {
    const size_t invalid = FirstInvalidUtf8(csv);
    if (invalid != std::string_view::npos) {
      const auto line =
          1 + std::count(csv.begin(), csv.begin() + invalid, '\n');
      Fail(static_cast<int>(line), "text", "is not valid UTF-8");
      return;
    }
    CsvParse parsed = ParseCsv(csv);
    if (!parsed.error.empty()) {
      Fail(parsed.error_line, "csv", parsed.error);
      return;
    }
    if (parsed.records.empty()) {
      Fail(1, "header", "missing header row");
      return;
    }
    if (!ReadHeader(parsed.records.front())) return;
    if (parsed.records.size() == 1) Fail(2, "rows", "no enterprise rows");
    for (size_t i = 1; i < parsed.records.size(); ++i) {
      ReadRow(parsed.records[i]);
    }
  }

  const std::vector<FieldError>& errors() const { return errors_; }
  const std::vector<std::pair<std::string, Draft>>& drafts() const {
    return drafts_;
  }

 private:
  void Fail(int line, std::string_view column, std::string message) {
    errors_.push_back(
        {"line " + std::to_string(line) + ": " + std::string(column),
         std::move(message)});
  }

  bool ReadHeader(const CsvRecord& header) {
    for (size_t i = 0; i < header.fields.size(); ++i) {
      const std::string& name = header.fields[i];
      if (!internal::OneOf(name, kColumns) && name != kContactsColumn) {
        Fail(header.line, name, "unknown column");
      } else if (!columns_.emplace(name, i).second) {
        Fail(header.line, name, "duplicate column");
      }
    }
    for (std::string_view name : kColumns) {
      if (!columns_.contains(std::string(name))) {
        Fail(header.line, name, "missing column");
      }
    }
    return errors_.empty();
  }

  std::string Cell(const CsvRecord& row, std::string_view column) {
    const size_t index = columns_.at(std::string(column));
    return index < row.fields.size() ? row.fields[index] : "";
  }

  void ReadRow(const CsvRecord& row) {
    const size_t before = errors_.size();
    if (row.fields.size() != columns_.size()) {
      Fail(row.line, "row",
           "has " + std::to_string(row.fields.size()) +
               " fields, the header has " + std::to_string(columns_.size()));
      return;
    }
    const std::string uscc = Cell(row, "uscc");
    CheckCells(row);
    const std::optional<json> contacts = Contacts(row);
    json measures_by_level;
    for (std::string_view level : internal::kLevels) {
      measures_by_level[std::string(level)] =
          ParseMeasure(row, level, Cell(row, "process"));
    }
    if (errors_.size() == before) {
      Merge(row, uscc, measures_by_level, contacts);
    }
  }

  // The row's contacts (nullopt without the column, or after failing).
  std::optional<json> Contacts(const CsvRecord& row) {
    if (!columns_.contains(std::string(kContactsColumn))) return std::nullopt;
    auto contacts = ParseContacts(Cell(row, kContactsColumn));
    if (!contacts.ok()) {
      Fail(row.line, kContactsColumn, contacts.error().fields.at(0).message);
      return std::nullopt;
    }
    return contacts.value();
  }

  void CheckCells(const CsvRecord& row) {
    const std::string uscc = Cell(row, "uscc");
    if (!IsValidUscc(uscc)) {
      Fail(row.line, "uscc", "not a valid unified social credit code");
    }
    for (std::string_view column : {"name", "industry", "process"}) {
      if (Cell(row, column).empty()) Fail(row.line, column, "is required");
    }
    if (!areas_.contains(Cell(row, "area"))) {
      Fail(row.line, "area", "unknown area " + Cell(row, "area"));
    }
    if (!internal::OneOf(Cell(row, "grade"), internal::kGrades)) {
      Fail(row.line, "grade", "must be A, B, C, D or leading");
    }
    const auto lat = ParseNumber(Cell(row, "lat"));
    const auto lon = ParseNumber(Cell(row, "lon"));
    if (!lat) Fail(row.line, "lat", "must be a number");
    if (!lon) Fail(row.line, "lon", "must be a number");
    if (lat && lon && !internal::InChina(*lat, *lon)) {
      Fail(row.line, "lat", "coordinates outside China");
    }
    const auto fence = ParseNumber(Cell(row, "geofence_m"));
    if (!fence || *fence < 1 || *fence > 10000) {
      Fail(row.line, "geofence_m", "must be a number from 1 to 10000");
    }
  }

  // "stop", "limit:80", "stagger_transport", "self_determined", "exempt".
  json ParseMeasure(const CsvRecord& row, std::string_view level,
                    const std::string& process) {
    const std::string cell = Cell(row, level);
    const size_t colon = cell.find(':');
    const std::string action = cell.substr(0, colon);
    json measure = {{"process", process}, {"action", action}};
    if (!internal::OneOf(action, internal::kMeasureActions)) {
      Fail(row.line, level,
           "must be limit:N, stop, stagger_transport, self_determined or "
           "exempt");
      return measure;
    }
    if (action != "limit" && colon != std::string::npos) {
      Fail(row.line, level, "only limit takes a load percentage");
    }
    if (action == "limit") {
      const auto pct = colon == std::string::npos
                           ? std::nullopt
                           : ParseNumber(cell.substr(colon + 1));
      if (!pct || *pct < 0 || *pct > 100) {
        Fail(row.line, level, "limit needs a load percentage from 0 to 100");
      } else {
        measure["load_pct"] = *pct;
      }
    }
    return measure;
  }

  void Merge(const CsvRecord& row, const std::string& uscc,
             const json& measures_by_level,
             const std::optional<json>& contacts) {
    auto it = std::find_if(drafts_.begin(), drafts_.end(),
                           [&](const auto& d) { return d.first == uscc; });
    if (it == drafts_.end()) {
      drafts_.push_back({uscc, Draft{row.line, {}, contacts, {}, {}}});
      it = std::prev(drafts_.end());
      for (std::string_view column : kSharedColumns) {
        it->second.shared[std::string(column)] = Cell(row, column);
      }
    }
    Draft& draft = it->second;
    if (!SameEnterprise(row, draft)) return;
    if (draft.contacts != contacts) {
      Fail(row.line, kContactsColumn,
           "differs from line " + std::to_string(draft.first_line) +
               " for the same uscc");
      return;
    }
    const std::string process = Cell(row, "process");
    if (std::find(draft.processes.begin(), draft.processes.end(), process) !=
        draft.processes.end()) {
      Fail(row.line, "process", "duplicate process " + process);
      return;
    }
    draft.processes.push_back(process);
    for (const auto& [level, measure] : measures_by_level.items()) {
      draft.measures[level].push_back(measure);
    }
  }

  bool SameEnterprise(const CsvRecord& row, const Draft& draft) {
    bool same = true;
    for (std::string_view column : kSharedColumns) {
      if (draft.shared.at(std::string(column)) != Cell(row, column)) {
        Fail(row.line, column,
             "differs from line " + std::to_string(draft.first_line) +
                 " for the same uscc");
        same = false;
      }
    }
    return same;
  }

  std::set<std::string> areas_;
  std::map<std::string, size_t> columns_;
  std::vector<FieldError> errors_;
  std::vector<std::pair<std::string, Draft>> drafts_;  // by first appearance
};

std::set<std::string> KnownAreas(Store& store) {
  ReadTx tx(store);
  std::set<std::string> areas;
  SQLite::Statement& query =
      Store::LeaseOf(tx).Prepare("SELECT code FROM areas");
  while (query.executeStep()) areas.insert(query.getColumn(0).getString());
  return areas;
}

// The existing org (id, details) holding `uscc`, if any.
std::optional<std::pair<std::string, json>> FindByUscc(
    SQLite::Database& db, const std::string& uscc) {
  SQLite::Statement query(db, "SELECT id, details FROM orgs WHERE uscc = ?");
  query.bind(1, uscc);
  if (!query.executeStep()) return std::nullopt;
  return std::make_pair(query.getColumn(0).getString(),
                        json::parse(query.getColumn(1).getString()));
}

json BuildOrg(const std::string& uscc, const Draft& draft, json base) {
  const auto& shared = draft.shared;
  base["uscc"] = uscc;
  base["kind"] = "enterprise";
  base["name"] = shared.at("name");
  base["area"] = shared.at("area");
  base["industry"] = shared.at("industry");
  base["grade"] = shared.at("grade");
  base["location"] = {{"lat", *ParseNumber(shared.at("lat"))},
                      {"lon", *ParseNumber(shared.at("lon"))}};
  base["geofence_m"] = *ParseNumber(shared.at("geofence_m"));
  base["processes"] = draft.processes;
  base["measures"] = draft.measures;
  if (draft.contacts) base["contacts"] = *draft.contacts;
  return base;
}

std::string LowerCase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

}  // namespace

Result<ImportSummary> ImportEnterprisesCsv(Store& store, std::string_view csv,
                                           const std::string& actor,
                                           const Clock& clock) {
  const TimePoint now = clock.Now();
  try {
    // Parsing and checking the list take no write lock.
    ListImporter importer(KnownAreas(store));
    importer.Read(csv);
    if (!importer.errors().empty()) {
      return Error::Invalid("the list has errors", importer.errors());
    }
    WriteTx tx(store);
    SQLite::Database& db = Store::LeaseOf(tx).db();
    ImportSummary summary;
    for (const auto& [uscc, draft] : importer.drafts()) {
      auto existing = FindByUscc(db, uscc);
      json org = existing ? BuildOrg(uscc, draft, existing->second)
                          : BuildOrg(uscc, draft, json::object());
      org["id"] = existing ? existing->first : "ent-" + LowerCase(uscc);
      Status stored = internal::UpsertOrg(tx, org, now);
      if (!stored.ok()) return stored.error();
      ++(existing ? summary.updated : summary.created);
    }
    const json detail = {{"created", summary.created},
                         {"updated", summary.updated}};
    RecordAudit(
        tx,
        {actor, "enterprises.import", "org", "enterprise-list", detail.dump()},
        now);
    tx.Commit();
    return summary;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("importing enterprises: ") + e.what());
  }
}

}  // namespace hazegate
