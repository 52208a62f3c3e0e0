// Nullable columns, read and bound the same way everywhere: empty text and
// absent times are SQL NULL; times are stored as Unix seconds and written
// to clients in RFC 3339 (Beijing time). Pure functions; thread-safe.
#pragma once

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "hazegate/core/clock.h"

namespace hazegate {

std::string TextOrEmpty(const SQLite::Column& column);
std::optional<TimePoint> OptionalTime(const SQLite::Column& column);
nlohmann::json TextOrNull(const SQLite::Column& column);
nlohmann::json TimeOrNull(const SQLite::Column& column);

// Binds `text`, or NULL when it is empty.
void BindText(SQLite::Statement& statement, int index, const std::string& text);
// Binds `t` as Unix seconds, or NULL when absent.
void BindTime(SQLite::Statement& statement, int index,
              const std::optional<TimePoint>& t);

}  // namespace hazegate
