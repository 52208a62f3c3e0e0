// The schema, as numbered migrations. Never edit a released migration: add one.
#pragma once

#include <array>
#include <string_view>

namespace hazegate::internal {

inline constexpr std::array<std::string_view, 2> kMigrations = {
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
};

}  // namespace hazegate::internal
