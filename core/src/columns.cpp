#include "hazegate/core/columns.h"

namespace hazegate {

std::string TextOrEmpty(const SQLite::Column& column) {
  return column.isNull() ? "" : column.getString();
}

std::optional<TimePoint> OptionalTime(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return FromUnixSeconds(column.getInt64());
}

nlohmann::json TextOrNull(const SQLite::Column& column) {
  if (column.isNull()) return nullptr;
  return column.getString();
}

nlohmann::json TimeOrNull(const SQLite::Column& column) {
  if (column.isNull()) return nullptr;
  return FormatRfc3339(FromUnixSeconds(column.getInt64()));
}

void BindText(SQLite::Statement& statement, int index,
              const std::string& text) {
  text.empty() ? statement.bind(index) : statement.bind(index, text);
}

void BindTime(SQLite::Statement& statement, int index,
              const std::optional<TimePoint>& t) {
  t ? statement.bind(index, ToUnixSeconds(*t)) : statement.bind(index);
}

}  // namespace hazegate
