#include "hazegate/sms/migrations.h"

namespace hazegate {

const RoomMigrations& SmsMigrations() {
  static const RoomMigrations migrations{
      "notifier/sms",
      {
          // 14: SMS to the orgs' contacts (contract v3 §5): one per order and
          // phone, with its reply code and the outbox row of its latest
          // attempt (delivery reports name it).
          {14, R"sql(
CREATE TABLE sms_messages (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id     TEXT NOT NULL REFERENCES orders(id),
  phone        TEXT NOT NULL,
  code         TEXT NOT NULL,
  text         TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN
                 ('queued', 'sent', 'delivered', 'failed')),
  attempts     INTEGER NOT NULL DEFAULT 1,
  outbox_seq   INTEGER,
  queued_at    INTEGER NOT NULL,
  sent_at      INTEGER,
  delivered_at INTEGER,
  retry_at     INTEGER,
  UNIQUE (order_id, phone)
);
CREATE INDEX sms_by_phone_code ON sms_messages(phone, code);
CREATE INDEX sms_by_outbox_seq ON sms_messages(outbox_seq);
CREATE INDEX sms_retries ON sms_messages(retry_at) WHERE retry_at IS NOT NULL;
)sql"},
      }};
  return migrations;
}

}  // namespace hazegate
