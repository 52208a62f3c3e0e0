#include "hazegate/config/migrations.h"

namespace hazegate {

const RoomMigrations& ConfigMigrations() {
  static const RoomMigrations migrations{
      "config",
      {
          // 1: the directory (plan) and its settings.
          {1, R"sql(
CREATE TABLE areas (
  seq    INTEGER PRIMARY KEY AUTOINCREMENT,
  code   TEXT NOT NULL UNIQUE,
  name   TEXT NOT NULL,
  kind   TEXT NOT NULL CHECK (kind IN ('prefecture', 'county', 'park')),
  parent TEXT REFERENCES areas(code)
);
CREATE TABLE orgs (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL,
  name       TEXT NOT NULL,
  area       TEXT NOT NULL REFERENCES areas(code),
  uscc       TEXT UNIQUE,
  details    TEXT NOT NULL DEFAULT '{}',
  updated_at INTEGER NOT NULL
);
CREATE INDEX orgs_by_kind_area ON orgs(kind, area);
CREATE TABLE plan_settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql"},
          // 7: a park's county, for CAP geocodes.
          {7, R"sql(
-- A park has no GB/T 2260 code of its own: the county it lies in.
ALTER TABLE areas ADD COLUMN county TEXT;
)sql"},
          // 11: the directory as other rooms read it.
          {11, R"sql(
CREATE VIEW areas_view AS
  SELECT seq, code, name, kind, parent, county FROM areas;
CREATE VIEW orgs_view AS
  SELECT seq, id, kind, name, area, uscc, details, updated_at FROM orgs;
)sql"},
          // 12: contacts, whom SMS reaches (contract v3).
          {12, R"sql(
CREATE TABLE org_contacts (
  org      TEXT NOT NULL REFERENCES orgs(id),
  position INTEGER NOT NULL,
  name     TEXT NOT NULL,
  phone    TEXT NOT NULL,
  duty     TEXT,
  PRIMARY KEY (org, position)
);
CREATE INDEX org_contacts_by_phone ON org_contacts(phone);
CREATE VIEW org_contacts_view AS
  SELECT org, position, name, phone, duty FROM org_contacts;
)sql"},
      }};
  return migrations;
}

}  // namespace hazegate
