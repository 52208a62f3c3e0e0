#include "hazegate/core/migrations.h"

namespace hazegate {

const RoomMigrations& CoreMigrations() {
  static const RoomMigrations migrations{
      "core",
      {
          // 1: the audit trail.
          {1, R"sql(
CREATE TABLE audit_log (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id   TEXT NOT NULL,
  detail      TEXT NOT NULL DEFAULT '{}'
);
)sql"},
          // 11: the audit trail as others read it.
          {11, R"sql(
CREATE VIEW audit_view AS
  SELECT seq, at, actor, action, object_type, object_id, detail FROM audit_log;
)sql"},
      }};
  return migrations;
}

}  // namespace hazegate
