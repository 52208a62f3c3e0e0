// RFC 4180 CSV reading: quoted fields with "" escapes, CRLF or LF, newlines
// inside quotes, an optional UTF-8 BOM; and writing one cell. Pure
// functions; thread-safe.
#pragma once

#include <cstdint>
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

// One page of a CSV export read in pages, so that no export is held whole
// in memory: its lines (the BOM and header first on the first page), the
// cursor to read the next page from, and whether this was the last.
struct CsvPage {
  std::string text;
  int64_t next = 0;
  bool done = true;
};
// Rows per page of an export.
inline constexpr int kCsvPageRows = 500;

}  // namespace hazegate
