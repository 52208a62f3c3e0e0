#include "hazegate/mqtt/migrations.h"

namespace hazegate {

const RoomMigrations& MqttMigrations() {
  static const RoomMigrations migrations{
      "notifier/mqtt",
      {
          // 4: broker credentials per org (Mosquitto's own hash format).
          {4, R"sql(
CREATE TABLE mqtt_credentials (
  org           TEXT PRIMARY KEY REFERENCES orgs(id),
  password_hash TEXT NOT NULL,
  rotated_at    INTEGER NOT NULL
);
)sql"},
          // 6: devices, one broker account each.
          {6, R"sql(
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
)sql"},
          // 9: devices by the account that registered them.
          {9, R"sql(
CREATE INDEX devices_by_creator ON devices(created_by) WHERE deleted_at IS NULL;
)sql"},
          // 18: when the broker last saw each device (its P/devices/{id}/seen).
          {18, R"sql(
ALTER TABLE devices ADD COLUMN last_seen_at INTEGER;
)sql"},
      }};
  return migrations;
}

}  // namespace hazegate
