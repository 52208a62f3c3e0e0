#include "hazegate/oversight/migrations.h"

namespace hazegate {

const RoomMigrations& OversightMigrations() {
  static const RoomMigrations migrations{
      "oversight",
      {
          // 3: implementation reports.
          {3, R"sql(
CREATE TABLE order_reports (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  order_id   TEXT NOT NULL REFERENCES orders(id),
  org        TEXT NOT NULL REFERENCES orgs(id),
  author     TEXT NOT NULL,
  text       TEXT NOT NULL,
  figures    TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);
)sql"},
          // 7: reports read back by order; the reports owed under the plan's
          // reporting schedule.
          {7, R"sql(
CREATE INDEX order_reports_by_order ON order_reports(order_id, seq);
-- Implementation reports owed under the plan's reporting schedule: one row
-- per report due, the report that settled it, and the reminder (to the org)
-- and escalation (to the office) sent while it was missing.
CREATE TABLE report_dues (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  warning_id   TEXT NOT NULL REFERENCES warnings(id),
  org          TEXT NOT NULL REFERENCES orgs(id),
  order_id     TEXT NOT NULL REFERENCES orders(id),
  rule         TEXT NOT NULL,
  schedule     TEXT NOT NULL CHECK (schedule IN ('daily', 'after_order')),
  due_at       INTEGER NOT NULL,
  escalate_at  INTEGER NOT NULL,
  report_id    TEXT REFERENCES order_reports(id),
  reported_at  INTEGER,
  reminded_at  INTEGER,
  escalated_at INTEGER,
  UNIQUE (warning_id, org, due_at)
);
CREATE INDEX report_dues_open ON report_dues(due_at)
  WHERE report_id IS NULL AND reminded_at IS NULL;
CREATE INDEX report_dues_unescalated ON report_dues(escalate_at)
  WHERE report_id IS NULL AND escalated_at IS NULL;
)sql"},
          // 9: a report may carry the client's id; the hash of its content
          // tells a
          // retry from a different report under the same id.
          {9, R"sql(
ALTER TABLE order_reports ADD COLUMN content_hash TEXT;
)sql"},
          // 25: findings for the plan's next revision (a drill's 发现的问题).
          {25, R"sql(
CREATE TABLE evaluation_findings (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  warning_id TEXT NOT NULL REFERENCES warnings(id),
  text       TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX evaluation_findings_by_warning
  ON evaluation_findings(warning_id, seq);
)sql"},
          // 26: press releases (新闻发布) as published, newest last.
          {26, R"sql(
CREATE TABLE press_releases (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  id           TEXT NOT NULL UNIQUE,
  warning_id   TEXT NOT NULL REFERENCES warnings(id),
  title        TEXT NOT NULL,
  text         TEXT NOT NULL,
  published_by TEXT NOT NULL,
  published_at INTEGER NOT NULL
);
CREATE INDEX press_releases_by_warning ON press_releases(warning_id, seq);
)sql"},
          // 27: accountability leads (问责线索) and their steps; warning_id
          // '' for a case outside a warning.
          {27, R"sql(
CREATE TABLE accountability_leads (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  org        TEXT NOT NULL REFERENCES orgs(id),
  kind       TEXT NOT NULL,
  warning_id TEXT NOT NULL,
  found_at   INTEGER NOT NULL,
  evidence   TEXT NOT NULL,
  status     TEXT NOT NULL,
  UNIQUE (org, kind, warning_id)
);
CREATE TABLE lead_steps (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  lead_id TEXT NOT NULL REFERENCES accountability_leads(id),
  status  TEXT NOT NULL,
  by_user TEXT NOT NULL,
  note    TEXT NOT NULL,
  at      INTEGER NOT NULL
);
CREATE INDEX lead_steps_by_lead ON lead_steps(lead_id, seq);
)sql"},
          // 29: bulletins (日报 / 专报): versions of a series, their figures
          // frozen once compiled and everything once approved; the warnings
          // each covers; the sendings logged. `day`: the plan's daily draft.
          {29, R"sql(
CREATE TABLE bulletins (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  id          TEXT NOT NULL UNIQUE,
  series      TEXT NOT NULL,
  version     INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('daily', 'special')),
  warning_id  TEXT REFERENCES warnings(id),
  day         TEXT,
  title       TEXT NOT NULL,
  text        TEXT NOT NULL,
  figures     TEXT NOT NULL,
  compiled_at INTEGER NOT NULL,
  compiled_by TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('draft', 'approved')),
  year        INTEGER,
  number      INTEGER,
  approved_by TEXT,
  approved_at INTEGER,
  UNIQUE (series, version)
);
CREATE UNIQUE INDEX bulletins_by_day ON bulletins(day) WHERE day IS NOT NULL;
CREATE INDEX bulletins_by_number ON bulletins(year, kind, number);
CREATE TRIGGER bulletins_approved_frozen BEFORE UPDATE ON bulletins
  WHEN OLD.status = 'approved'
  BEGIN SELECT RAISE(ABORT, 'an approved bulletin is frozen'); END;
CREATE TRIGGER bulletins_figures_frozen
  BEFORE UPDATE OF id, series, version, kind, warning_id, figures, compiled_at
  ON bulletins
  BEGIN SELECT RAISE(ABORT, 'the figures of a bulletin are frozen'); END;
CREATE TRIGGER bulletins_kept BEFORE DELETE ON bulletins
  BEGIN SELECT RAISE(ABORT, 'bulletins are kept'); END;
CREATE TABLE bulletin_warnings (
  bulletin_id TEXT NOT NULL REFERENCES bulletins(id),
  warning_id  TEXT NOT NULL REFERENCES warnings(id),
  PRIMARY KEY (bulletin_id, warning_id)
);
CREATE INDEX bulletin_warnings_by_warning
  ON bulletin_warnings(warning_id, bulletin_id);
CREATE TABLE bulletin_sendings (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  bulletin_id TEXT NOT NULL REFERENCES bulletins(id),
  to_whom     TEXT NOT NULL,
  by_user     TEXT NOT NULL,
  at          INTEGER NOT NULL
);
CREATE INDEX bulletin_sendings_by_bulletin
  ON bulletin_sendings(bulletin_id, seq);
)sql"},
      }};
  return migrations;
}

}  // namespace hazegate
