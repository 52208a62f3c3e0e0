// RFC 4180 CSV reading: quoted fields with "" escapes, CRLF or LF, newlines
// inside quotes, an optional UTF-8 BOM.
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

}  // namespace hazegate
