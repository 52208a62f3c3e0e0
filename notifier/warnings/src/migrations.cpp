#include "hazegate/warnings/migrations.h"

namespace hazegate {

const RoomMigrations& WarningsMigrations() {
  static const RoomMigrations migrations{
      "notifier/warnings",
      {
          // 3: warnings.
          {3, R"sql(
CREATE TABLE warnings (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  id           TEXT NOT NULL UNIQUE,
  level        TEXT NOT NULL CHECK (level IN ('yellow', 'orange', 'red')),
  areas        TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN
                 ('proposed', 'active', 'rejected', 'lifted', 'superseded')),
  starts_at    INTEGER NOT NULL,
  ends_at      INTEGER,
  headline     TEXT NOT NULL,
  reason       TEXT NOT NULL,
  supersedes   TEXT REFERENCES warnings(id),
  ack_within_s INTEGER,
  proposed_by  TEXT NOT NULL,
  approved_by  TEXT,
  created_at   INTEGER NOT NULL,
  activated_at INTEGER,
  closed_at    INTEGER,
  close_reason TEXT
);
CREATE INDEX warnings_by_status ON warnings(status);
)sql"},
          // 11: warnings as other rooms read them.
          {11, R"sql(
CREATE VIEW warnings_view AS
  SELECT seq, id, level, areas, status, starts_at, ends_at, headline, reason,
         supersedes, ack_within_s, proposed_by, approved_by, created_at,
         activated_at, closed_at, close_reason FROM warnings;
)sql"},
          // 21: the consultation a warning cites, with its conclusion.
          {21, R"sql(
ALTER TABLE warnings ADD COLUMN consultation_id TEXT;
ALTER TABLE warnings ADD COLUMN consultation_conclusion TEXT;
DROP VIEW warnings_view;
CREATE VIEW warnings_view AS
  SELECT seq, id, level, areas, status, starts_at, ends_at, headline, reason,
         supersedes, ack_within_s, proposed_by, approved_by, created_at,
         activated_at, closed_at, close_reason, consultation_id,
         consultation_conclusion FROM warnings;
)sql"},
          // 23: drills (演练, contract v3) and their names.
          {23, R"sql(
ALTER TABLE warnings ADD COLUMN exercise INTEGER NOT NULL DEFAULT 0;
ALTER TABLE warnings ADD COLUMN exercise_name TEXT;
DROP VIEW warnings_view;
CREATE VIEW warnings_view AS
  SELECT seq, id, level, areas, status, starts_at, ends_at, headline, reason,
         supersedes, ack_within_s, proposed_by, approved_by, created_at,
         activated_at, closed_at, close_reason, consultation_id,
         consultation_conclusion, exercise, exercise_name FROM warnings;
)sql"},
          // 30: fan-outs written in chunks after their activation's commit;
          // a row open at startup is finished then (fanout_job.h).
          {30, R"sql(
CREATE TABLE fanout_jobs (
  warning_id   TEXT PRIMARY KEY REFERENCES warnings(id),
  planned      INTEGER NOT NULL,
  activated_at INTEGER NOT NULL,
  finished_at  INTEGER
);
)sql"},
      }};
  return migrations;
}

}  // namespace hazegate
