#include "hazegate/inspection/migrations.h"

namespace hazegate {

const RoomMigrations& InspectionMigrations() {
  static const RoomMigrations migrations{
      "inspection",
      {
          // 3: cases (opened for silence, or from an inspection).
          {3, R"sql(
CREATE TABLE cases (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  site       TEXT NOT NULL REFERENCES orgs(id),
  warning_id TEXT REFERENCES warnings(id),
  type       TEXT NOT NULL CHECK (type IN ('inspection', 'no_ack')),
  status     TEXT NOT NULL,
  opened_at  INTEGER NOT NULL,
  order_id   TEXT REFERENCES orders(id)
);
)sql"},
          // 5: field inspection: photos (content-addressed), reports with their
          // evidence flags, cases grown into a lifecycle, assignments.
          {5, R"sql(
CREATE TABLE photos (
  sha256     TEXT PRIMARY KEY,
  bytes      INTEGER NOT NULL,
  width      INTEGER NOT NULL,
  height     INTEGER NOT NULL,
  exif_time  TEXT,
  exif_lat   REAL,
  exif_lon   REAL,
  stored_at  INTEGER NOT NULL
);
CREATE TABLE inspections (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  site            TEXT NOT NULL REFERENCES orgs(id),
  warning_id      TEXT REFERENCES warnings(id),
  assignment_id   TEXT,
  inspector_org   TEXT NOT NULL,
  submitted_by    TEXT NOT NULL,
  captured_at     INTEGER NOT NULL,
  lat             REAL NOT NULL,
  lon             REAL NOT NULL,
  accuracy_m      REAL NOT NULL,
  verdict         TEXT NOT NULL CHECK (verdict IN ('compliant', 'non_compliant')),
  report          TEXT NOT NULL,
  content_hash    TEXT NOT NULL,
  response        TEXT NOT NULL,
  case_id         TEXT,
  created_at      INTEGER NOT NULL
);
CREATE INDEX inspections_by_site ON inspections(site, seq);
CREATE INDEX inspections_by_warning ON inspections(warning_id, seq);
CREATE TABLE inspection_photos (
  inspection_id TEXT NOT NULL REFERENCES inspections(id),
  position      INTEGER NOT NULL,
  sha256        TEXT NOT NULL REFERENCES photos(sha256),
  PRIMARY KEY (inspection_id, position)
);
CREATE INDEX inspection_photos_by_hash ON inspection_photos(sha256);
CREATE TABLE inspection_flags (
  inspection_id TEXT NOT NULL REFERENCES inspections(id),
  flag          TEXT NOT NULL,
  detail        TEXT NOT NULL,
  PRIMARY KEY (inspection_id, flag)
);
CREATE INDEX inspection_flags_by_flag ON inspection_flags(flag);
ALTER TABLE cases ADD COLUMN closed_at INTEGER;
ALTER TABLE cases ADD COLUMN evidence TEXT;
CREATE INDEX cases_by_site ON cases(site, warning_id, status);
CREATE TABLE case_reports (
  case_id       TEXT NOT NULL REFERENCES cases(id),
  inspection_id TEXT NOT NULL REFERENCES inspections(id),
  PRIMARY KEY (case_id, inspection_id)
);
CREATE TABLE case_actions (
  seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id  TEXT NOT NULL REFERENCES cases(id),
  action   TEXT NOT NULL,
  by_user  TEXT NOT NULL,
  at       INTEGER NOT NULL,
  note     TEXT NOT NULL,
  due_at   INTEGER,
  order_id TEXT REFERENCES orders(id)
);
CREATE INDEX case_actions_by_case ON case_actions(case_id, seq);
CREATE TABLE assignments (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  id            TEXT NOT NULL UNIQUE,
  warning_id    TEXT NOT NULL REFERENCES warnings(id),
  inspector_org TEXT NOT NULL REFERENCES orgs(id),
  sites         TEXT NOT NULL,
  due_at        INTEGER NOT NULL,
  created_by    TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  order_id      TEXT NOT NULL REFERENCES orders(id)
);
)sql"},
          // 11: inspections and cases as other rooms read them.
          {11, R"sql(
CREATE VIEW inspections_view AS
  SELECT seq, id, site, warning_id, assignment_id, inspector_org,
         submitted_by, captured_at, lat, lon, accuracy_m, verdict, report,
         content_hash, response, case_id, created_at FROM inspections;
CREATE VIEW inspection_flags_view AS
  SELECT inspection_id, flag, detail FROM inspection_flags;
CREATE VIEW cases_view AS
  SELECT seq, id, site, warning_id, type, status, opened_at, order_id,
         closed_at, evidence FROM cases;
CREATE VIEW case_actions_view AS
  SELECT seq, case_id, action, by_user, at, note, due_at, order_id
  FROM case_actions;
)sql"},
      }};
  return migrations;
}

}  // namespace hazegate
