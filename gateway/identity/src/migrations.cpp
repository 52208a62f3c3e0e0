#include "hazegate/identity/migrations.h"

namespace hazegate {

const RoomMigrations& IdentityMigrations() {
  static const RoomMigrations migrations{
      "gateway/identity",
      {
          // 2: accounts and bearer tokens (only their SHA-256 is stored).
          {2, R"sql(
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
)sql"},
          // 9: an account can be disabled (no login, no token).
          {9, R"sql(
ALTER TABLE accounts ADD COLUMN disabled_at INTEGER;
)sql"},
          // 11: accounts without their password hashes, as others read them.
          {11, R"sql(
CREATE VIEW accounts_view AS
  SELECT seq, username, role, org, created_at, disabled_at FROM accounts;
)sql"},
          // 16: one-time setup codes a new phone exchanges for a token.
          {16, R"sql(
CREATE TABLE setup_codes (
  code_hash   TEXT PRIMARY KEY,
  account_seq INTEGER NOT NULL REFERENCES accounts(seq),
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
);
CREATE INDEX setup_codes_by_account ON setup_codes(account_seq);
)sql"},
      }};
  return migrations;
}

}  // namespace hazegate
