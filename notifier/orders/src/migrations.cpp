#include "hazegate/orders/migrations.h"

namespace hazegate {

const RoomMigrations& OrdersMigrations() {
  static const RoomMigrations migrations{
      "notifier/orders",
      {
          // 3: the orders warnings send, and the outbox of messages not yet
          // delivered.
          {3, R"sql(
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
)sql"},
          // 6: receipts and redelivery (status 'received', received_at, the
          // next
          // redelivery); the table is rebuilt to widen its status CHECK
          // (SQLite's
          // documented procedure; steps run with foreign keys off, checked
          // after).
          {6, R"sql(
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
)sql"},
          // 8: the duty board: a warning's orders tallied from the index alone
          // (the
          // rows hold the orders' texts: reading 100,000 of them cost the board
          // 150 ms, the index 35 ms); escalations by the order they escalate.
          {8, R"sql(
DROP INDEX orders_by_warning;
CREATE INDEX orders_by_warning ON orders(warning_id, status, kind, org,
  received_at, delivered_at, acked_at, ack_due_at, created_at);
CREATE INDEX orders_by_refers_to ON orders(refers_to)
  WHERE refers_to IS NOT NULL;
)sql"},
          // 10: the outbox is channel-neutral: each row names its channel
          // ('mqtt' for
          // every row so far) and an address the channel resolves
          // ("orgs/{org}/orders", "areas/{code}/warning"; MQTT puts its topic
          // prefix in front); rows left by an older build lose that prefix.
          {10, R"sql(
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'mqtt';
ALTER TABLE outbox RENAME COLUMN topic TO address;
UPDATE outbox SET address = substr(address, instr(address, '/orgs/') + 1)
  WHERE instr(address, '/orgs/') > 0;
UPDATE outbox SET address = substr(address, instr(address, '/areas/') + 1)
  WHERE instr(address, '/orgs/') = 0 AND instr(address, '/areas/') > 0;
CREATE INDEX outbox_by_channel ON outbox(channel, seq);
)sql"},
          // 11: orders as other rooms read them.
          {11, R"sql(
CREATE VIEW orders_view AS
  SELECT seq, id, warning_id, org, kind, level, title, body, measures,
         effective_at, ack_due_at, status, created_at, delivered_at, acked_at,
         acked_by, ack_channel, ack_note, refers_to, received_at,
         receipt_channel FROM orders;
)sql"},
          // 13: how an order went out by SMS (contract v3 §5), as the SMS
          // room sums up its messages: the phones (comma-separated), the
          // furthest status, when first sent and first delivered.
          {13, R"sql(
ALTER TABLE orders ADD COLUMN sms_to TEXT;
ALTER TABLE orders ADD COLUMN sms_status TEXT;
ALTER TABLE orders ADD COLUMN sms_sent_at INTEGER;
ALTER TABLE orders ADD COLUMN sms_delivered_at INTEGER;
DROP VIEW orders_view;
CREATE VIEW orders_view AS
  SELECT seq, id, warning_id, org, kind, level, title, body, measures,
         effective_at, ack_due_at, status, created_at, delivered_at, acked_at,
         acked_by, ack_channel, ack_note, refers_to, received_at,
         receipt_channel, sms_to, sms_status, sms_sent_at, sms_delivered_at
    FROM orders;
)sql"},
          // 15: the board's and the evaluation's reach by channel read from
          // the index alone, as the counts before it (migration 8).
          {15, R"sql(
DROP INDEX orders_by_warning;
CREATE INDEX orders_by_warning ON orders(warning_id, status, kind, org,
  received_at, delivered_at, acked_at, ack_due_at, created_at,
  receipt_channel, ack_channel, sms_status);
)sql"},
          // 17: when the person tapped 确认, as the phone said (v3).
          {17, R"sql(
ALTER TABLE orders ADD COLUMN acked_at_client INTEGER;
DROP VIEW orders_view;
CREATE VIEW orders_view AS
  SELECT seq, id, warning_id, org, kind, level, title, body, measures,
         effective_at, ack_due_at, status, created_at, delivered_at, acked_at,
         acked_by, ack_channel, ack_note, refers_to, received_at,
         receipt_channel, sms_to, sms_status, sms_sent_at, sms_delivered_at,
         acked_at_client
    FROM orders;
)sql"},
          // 22: a drill's orders (演练, contract v3) are marked as such.
          {22, R"sql(
ALTER TABLE orders ADD COLUMN exercise INTEGER NOT NULL DEFAULT 0;
DROP VIEW orders_view;
CREATE VIEW orders_view AS
  SELECT seq, id, warning_id, org, kind, level, title, body, measures,
         effective_at, ack_due_at, status, created_at, delivered_at, acked_at,
         acked_by, ack_channel, ack_note, refers_to, received_at,
         receipt_channel, sms_to, sms_status, sms_sent_at, sms_delivered_at,
         acked_at_client, exercise
    FROM orders;
)sql"},
      }};
  return migrations;
}

}  // namespace hazegate
