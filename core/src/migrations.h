// The schema, as numbered migrations. Never edit a released migration: add one.
#pragma once

#include <array>
#include <string_view>

namespace hazegate::internal {

inline constexpr std::array<std::string_view, 11> kMigrations = {
    // 1: the directory (plan) and the audit trail.
    R"sql(
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
CREATE TABLE audit_log (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id   TEXT NOT NULL,
  detail      TEXT NOT NULL DEFAULT '{}'
);
)sql",
    // 2: accounts and bearer tokens (only their SHA-256 is stored).
    R"sql(
CREATE TABLE accounts (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  username      TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL,
  org           TEXT REFERENCES orgs(id),
  password_hash TEXT,
  created_at    INTEGER NOT NULL
);
CREATE TABLE tokens (
  token_hash  TEXT PRIMARY KEY,
  account_seq INTEGER NOT NULL REFERENCES accounts(seq),
  issued_at   INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE INDEX tokens_by_account ON tokens(account_seq);
)sql",
    // 3: warnings, the orders they send, the outbox of MQTT messages not yet
    // acknowledged by the broker, implementation reports, and cases.
    R"sql(
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
CREATE TABLE orders (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  id            TEXT NOT NULL UNIQUE,
  warning_id    TEXT REFERENCES warnings(id),
  org           TEXT NOT NULL REFERENCES orgs(id),
  kind          TEXT NOT NULL,
  level         TEXT,
  title         TEXT NOT NULL,
  body          TEXT NOT NULL,
  measures      TEXT NOT NULL DEFAULT '[]',
  effective_at  INTEGER,
  ack_due_at    INTEGER,
  status        TEXT NOT NULL CHECK (status IN
                  ('pending', 'delivered', 'acknowledged', 'overdue',
                   'canceled')),
  created_at    INTEGER NOT NULL,
  delivered_at  INTEGER,
  acked_at      INTEGER,
  acked_by      TEXT,
  ack_channel   TEXT,
  ack_note      TEXT,
  refers_to     TEXT
);
CREATE INDEX orders_by_warning ON orders(warning_id, status);
CREATE INDEX orders_by_org ON orders(org, seq);
CREATE INDEX orders_open_by_due ON orders(ack_due_at)
  WHERE status IN ('pending', 'delivered');
CREATE TABLE outbox (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  topic      TEXT NOT NULL,
  payload    TEXT NOT NULL,
  retained   INTEGER NOT NULL DEFAULT 0,
  order_id   TEXT,
  created_at INTEGER NOT NULL
);
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
)sql",
    // 4: broker credentials per org (Mosquitto's own hash format).
    R"sql(
CREATE TABLE mqtt_credentials (
  org           TEXT PRIMARY KEY REFERENCES orgs(id),
  password_hash TEXT NOT NULL,
  rotated_at    INTEGER NOT NULL
);
)sql",
    // 5: field inspection: photos (content-addressed), reports with their
    // evidence flags, cases grown into a lifecycle, assignments.
    R"sql(
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
)sql",
    // 6 (v2): receipts and redelivery (status 'received', received_at, the
    // next redelivery), and devices: one broker account each. The orders
    // table is rebuilt to widen its status CHECK (SQLite's documented
    // procedure; migrations run with foreign keys off and checked after).
    R"sql(
CREATE TABLE orders_v6 (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  id            TEXT NOT NULL UNIQUE,
  warning_id    TEXT REFERENCES warnings(id),
  org           TEXT NOT NULL REFERENCES orgs(id),
  kind          TEXT NOT NULL,
  level         TEXT,
  title         TEXT NOT NULL,
  body          TEXT NOT NULL,
  measures      TEXT NOT NULL DEFAULT '[]',
  effective_at  INTEGER,
  ack_due_at    INTEGER,
  status        TEXT NOT NULL CHECK (status IN
                  ('pending', 'delivered', 'received', 'acknowledged',
                   'overdue', 'canceled')),
  created_at    INTEGER NOT NULL,
  delivered_at  INTEGER,
  acked_at      INTEGER,
  acked_by      TEXT,
  ack_channel   TEXT,
  ack_note      TEXT,
  refers_to     TEXT,
  received_at   INTEGER,
  receipt_channel TEXT,
  redeliver_at  INTEGER,
  redeliveries  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO orders_v6 (seq, id, warning_id, org, kind, level, title, body,
  measures, effective_at, ack_due_at, status, created_at, delivered_at,
  acked_at, acked_by, ack_channel, ack_note, refers_to, received_at,
  receipt_channel)
SELECT seq, id, warning_id, org, kind, level, title, body, measures,
  effective_at, ack_due_at, status, created_at, delivered_at, acked_at,
  acked_by, ack_channel, ack_note, refers_to, acked_at, ack_channel
FROM orders;
DROP TABLE orders;
ALTER TABLE orders_v6 RENAME TO orders;
CREATE INDEX orders_by_warning ON orders(warning_id, status, received_at);
CREATE INDEX orders_by_org ON orders(org, seq);
CREATE INDEX orders_open_by_due ON orders(ack_due_at)
  WHERE status IN ('pending', 'delivered', 'received');
CREATE INDEX orders_awaiting_receipt ON orders(redeliver_at)
  WHERE received_at IS NULL AND redeliver_at IS NOT NULL;
CREATE TABLE devices (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  id            TEXT NOT NULL UNIQUE,
  org           TEXT NOT NULL REFERENCES orgs(id),
  name          TEXT NOT NULL,
  username      TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  deleted_at    INTEGER
);
CREATE INDEX devices_by_org ON devices(org, seq);
-- Bumped by every change of broker accounts (devices, org credentials):
-- the server rewrites the broker's password and ACL files when it moves.
CREATE TABLE broker_accounts (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO broker_accounts (id, version) VALUES (1, 0);
)sql",
    // 7 (v2): oversight — reports read back by order, the reports owed under
    // the plan's reporting schedule, a park's county for CAP geocodes.
    R"sql(
CREATE INDEX order_reports_by_order ON order_reports(order_id, seq);
-- A park has no GB/T 2260 code of its own: the county it lies in.
ALTER TABLE areas ADD COLUMN county TEXT;
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
)sql",
    // 8 (v2): the console's duty board. A warning's orders tallied from the
    // index alone (the rows hold the orders' texts: reading 100,000 of them
    // cost the board 150 ms, the index 35 ms); escalations by the order
    // they escalate.
    R"sql(
DROP INDEX orders_by_warning;
CREATE INDEX orders_by_warning ON orders(warning_id, status, kind, org,
  received_at, delivered_at, acked_at, ack_due_at, created_at);
CREATE INDEX orders_by_refers_to ON orders(refers_to)
  WHERE refers_to IS NOT NULL;
)sql",
    // 9 (v3): an account can be disabled (no login, no token); an
    // implementation report may carry the client's id, and the hash of its
    // content tells a retry from a different report under the same id.
    R"sql(
ALTER TABLE accounts ADD COLUMN disabled_at INTEGER;
ALTER TABLE order_reports ADD COLUMN content_hash TEXT;
CREATE INDEX devices_by_creator ON devices(created_by) WHERE deleted_at IS NULL;
)sql",
    // 10 (v3, the house): the outbox is channel-neutral. Each row names its
    // channel ('mqtt' for every row so far) and an address the channel
    // resolves ("orgs/{org}/orders", "orgs/{org}/acks", "areas/{code}/
    // warning"; MQTT puts its topic prefix in front). Rows left by an older
    // build lose the prefix they were written with.
    R"sql(
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'mqtt';
ALTER TABLE outbox RENAME COLUMN topic TO address;
UPDATE outbox SET address = substr(address, instr(address, '/orgs/') + 1)
  WHERE instr(address, '/orgs/') > 0;
UPDATE outbox SET address = substr(address, instr(address, '/areas/') + 1)
  WHERE instr(address, '/orgs/') = 0 AND instr(address, '/areas/') > 0;
CREATE INDEX outbox_by_channel ON outbox(channel, seq);
)sql",
    // 11 (v3, the house): each room publishes what other rooms may read of
    // its tables as a view with named columns; no room reads another's
    // tables (tests/core_test.cpp). The plan's directory (config), orders
    // and warnings, inspections and cases, accounts without their password
    // hashes (identity), the audit trail (core).
    R"sql(
CREATE VIEW areas_view AS
  SELECT seq, code, name, kind, parent, county FROM areas;
CREATE VIEW orgs_view AS
  SELECT seq, id, kind, name, area, uscc, details, updated_at FROM orgs;
CREATE VIEW accounts_view AS
  SELECT seq, username, role, org, created_at, disabled_at FROM accounts;
CREATE VIEW audit_view AS
  SELECT seq, at, actor, action, object_type, object_id, detail FROM audit_log;
CREATE VIEW warnings_view AS
  SELECT seq, id, level, areas, status, starts_at, ends_at, headline, reason,
         supersedes, ack_within_s, proposed_by, approved_by, created_at,
         activated_at, closed_at, close_reason FROM warnings;
CREATE VIEW orders_view AS
  SELECT seq, id, warning_id, org, kind, level, title, body, measures,
         effective_at, ack_due_at, status, created_at, delivered_at, acked_at,
         acked_by, ack_channel, ack_note, refers_to, received_at,
         receipt_channel FROM orders;
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
)sql",
};

}  // namespace hazegate::internal
