// RFC 4180 CSV reading: quoted fields with "" escapes, CRLF or LF, newlines
// inside quotes, an optional UTF-8 BOM; and writing one cell. Pure
// functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hazegate {

struct CsvRecord {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

struct CsvParse {
  std::vector<CsvRecord> records;
  std::string error;  // non-empty: the input is not well-formed CSV
  int error_line = 0;
};

CsvParse ParseCsv(std::string_view text);

// One cell for a CSV file a spreadsheet will open: quoted when needed, and
// text it would run as a formula (=, +, -, @, tab, CR first) prefixed with
// an apostrophe.
std::string CsvCell(std::string_view text);

// One line of cells already made (by CsvCell, or numbers), CRLF-ended.
std::string CsvLine(const std::vector<std::string>& cells);

}  // namespace hazegate
