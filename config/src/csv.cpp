#include "hazegate/config/csv.h"

namespace hazegate {

namespace {

class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);
  }

  CsvParse Run() {
    while (pos_ < text_.size() && result_.error.empty()) ReadRecord();
    return std::move(result_);
  }

 private:
  void ReadRecord() {
    CsvRecord record{line_, {}};
    for (;;) {
      record.fields.push_back(ReadField());
      if (!result_.error.empty()) return;
      if (pos_ >= text_.size()) break;
      const char c = text_[pos_++];
      if (c == ',') continue;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      break;
    }
    const bool blank = record.fields.size() == 1 && record.fields[0].empty();
    if (!blank) result_.records.push_back(std::move(record));
  }

  std::string ReadField() {
    if (pos_ < text_.size() && text_[pos_] == '"') return ReadQuoted();
    const size_t end = text_.find_first_of(",\r\n", pos_);
    const size_t stop = end == std::string_view::npos ? text_.size() : end;
    std::string field(text_.substr(pos_, stop - pos_));
    pos_ = stop;
    if (field.find('"') != std::string::npos)
      Fail("quote inside unquoted field");
    return field;
  }

  std::string ReadQuoted() {
    const int start_line = line_;
    std::string field;
    ++pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field += '"';
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\r' &&
            text_[pos_] != '\n') {
          Fail("text after a closing quote");
        }
        return field;
      }
      if (c == '\n') ++line_;
      field += c;
    }
    line_ = start_line;
    Fail("unterminated quoted field");
    return field;
  }

  void Fail(const char* message) {
    if (!result_.error.empty()) return;
    result_.error = message;
    result_.error_line = line_;
  }

  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  CsvParse result_;
};

}  // namespace

CsvParse ParseCsv(std::string_view text) { return CsvReader(text).Run(); }

std::string CsvCell(std::string_view text) {
  std::string value(text);
  if (!value.empty() &&
      std::string_view("=+-@\t\r").find(value[0]) != std::string_view::npos) {
    value = "'" + value;
  }
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string CsvLine(const std::vector<std::string>& cells) {
  std::string line;
  for (const std::string& cell : cells) {
    line += (line.empty() ? "" : ",") + cell;
  }
  return line + "\r\n";
}

}  // namespace hazegate
