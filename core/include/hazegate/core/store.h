// Store: the SQLite database file, opened in WAL mode with foreign keys on and
// a busy timeout, migrated at open to the latest step of the schema it is
// given (core/schema.h: each room's own migrations).
// Thread-safe: each thread leases its own connection from a fixed pool;
// a Lease must not be shared between threads. Lease::Prepare caches prepared
// statements per connection and resets them when the lease ends. Domain code
// reads and writes in a ReadTx or WriteTx (core/tx.h); a room's own code
// reaches the transaction's connection with Store::LeaseOf.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/schema.h"
#include "hazegate/core/tx.h"

struct sqlite3;

namespace hazegate {

class Store {
  struct Connection;

 public:
  // A connection borrowed from the pool, returned when destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    SQLite::Database& db();

    // The connection's cached statement for `sql`, reset with bindings
    // cleared; valid until the lease ends.
    SQLite::Statement& Prepare(const std::string& sql);

   private:
    friend class Store;
    friend class ReadTx;
    // Resets the statements used so far (an unfinished SELECT holds its
    // read snapshot open).
    void ResetStatements();
    Lease(Store* store, Connection* connection)
        : store_(store), connection_(connection) {}
    Store* store_;
    Connection* connection_;
    std::vector<SQLite::Statement*> used_;
  };

  // Opens (creating if needed) and migrates to LatestVersion(schema); a
  // file of a later step is refused. `pool_size` >= 1 connections.
  static Result<std::unique_ptr<Store>> Open(const std::string& path,
                                             const Schema& schema,
                                             int pool_size = 8);

  // Applies only the steps up to `version`: lets tests build a database as
  // an older release left it.
  static Status MigrateTo(const std::string& path, const Schema& schema,
                          int version);

  Lease Acquire();

  // The connection a transaction runs on: for the rooms' SQL, inside the
  // transaction's lifetime.
  static Lease& LeaseOf(ReadTx& tx);

  // Write transactions this process has committed, on any connection,
  // counted once each is in the WAL (after it is visible): a cheap version
  // for caches of reads. nullopt when commits are not counted (a database
  // not in WAL mode, such as ":memory:"). Writes by other processes are not
  // counted.
  std::optional<uint64_t> commits() const;

 private:
  Store() = default;
  static int CountCommit(void* store, sqlite3* db, const char* name, int pages);
  struct Connection {
    std::unique_ptr<SQLite::Database> db;
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>>
        statements;
  };

  void Release(Connection* connection);

  std::vector<std::unique_ptr<Connection>> connections_;
  std::vector<Connection*> idle_;
  std::atomic<uint64_t> commits_{0};
  bool counts_commits_ = false;
  std::mutex mutex_;
  std::condition_variable idle_available_;
};

// One row of the audit trail: who changed what, when.
struct AuditEntry {
  std::string actor;        // username, or "cli:<user>" / "system"
  std::string action;       // e.g. "plan.load", "account.create"
  std::string object_type;  // e.g. "plan", "account", "org"
  std::string object_id;
  std::string detail_json = "{}";
};

// Appends to the audit trail inside the caller's transaction.
void RecordAudit(WriteTx& tx, const AuditEntry& entry, TimePoint at);

}  // namespace hazegate
