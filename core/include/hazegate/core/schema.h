// The database schema, as each room's own numbered migrations. Steps are
// numbered on one line for the whole file (its user_version), so that a
// database any earlier build left is upgraded in the order it was built;
// a room contributes the part of a step that touches its own tables, and
// the parts of one step run in the order the rooms are listed (the rooms
// below first). Never edit a released step: add one. Plain data; the
// migration runner is Store::Open.
#pragma once

#include <string_view>
#include <vector>

namespace hazegate {

struct Migration {
  int version;           // the step, 1-based
  std::string_view sql;  // one or more statements
};

struct RoomMigrations {
  std::string_view room;  // as docs/architecture.md names it
  std::vector<Migration> steps;
};

using Schema = std::vector<RoomMigrations>;

// The highest step any room contributes.
int LatestVersion(const Schema& schema);

}  // namespace hazegate
