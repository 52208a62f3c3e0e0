#include "hazegate/core/store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace hazegate {

namespace {

constexpr int kBusyTimeoutMs = 5000;

// SQLite's memory statistics take a global mutex on every allocation, which
// serialises all connections; we do not use them. Must precede any use.
void ConfigureSqliteOnce() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

// SQLite's default automatic checkpoint threshold (SQLITE_DEFAULT_WAL_
// AUTOCHECKPOINT), kept by Store::CountCommit.
constexpr int kAutoCheckpointPages = 1000;

// A lease gives one thread a connection at a time: no per-connection mutex.
std::unique_ptr<SQLite::Database> OpenConnection(const std::string& path) {
  ConfigureSqliteOnce();
  auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE |
                                                         SQLite::OPEN_CREATE |
                                                         SQLite::OPEN_NOMUTEX);
  db->setBusyTimeout(kBusyTimeoutMs);
  db->exec("PRAGMA journal_mode = WAL");
  db->exec("PRAGMA synchronous = FULL");
  db->exec("PRAGMA foreign_keys = ON");
  // 16 MiB of page cache (allocated as used): a 100,000-order fan-out stays
  // in memory until it commits instead of spilling to the WAL twice.
  db->exec("PRAGMA cache_size = -16384");
  return db;
}

// The schema's statements for `version`, each room's part in the order the
// rooms are listed.
std::vector<std::string_view> StepOf(const Schema& schema, int version) {
  std::vector<std::string_view> parts;
  for (const RoomMigrations& room : schema) {
    for (const Migration& step : room.steps) {
      if (step.version == version) parts.push_back(step.sql);
    }
  }
  if (parts.empty()) {
    throw std::runtime_error("the schema has no step " +
                             std::to_string(version));
  }
  return parts;
}

// Applies steps (current, target] in one transaction, with foreign keys off
// so that a step may rebuild a table others refer to (SQLite's documented
// way to change a constraint); they are checked before commit.
void ApplyMigrations(SQLite::Database& db, const Schema& schema, int target) {
  if (db.execAndGet("PRAGMA user_version").getInt() >= target) return;
  db.exec("PRAGMA foreign_keys = OFF");
  try {
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    int current = db.execAndGet("PRAGMA user_version").getInt();
    for (; current < target; ++current) {
      for (std::string_view sql : StepOf(schema, current + 1)) {
        db.exec(std::string(sql));
      }
      db.exec("PRAGMA user_version = " + std::to_string(current + 1));
    }
    SQLite::Statement violations(db, "PRAGMA foreign_key_check");
    if (violations.executeStep()) {
      throw std::runtime_error("migration broke a reference from table " +
                               violations.getColumn(0).getString());
    }
    transaction.commit();
  } catch (...) {
    db.exec("PRAGMA foreign_keys = ON");
    throw;
  }
  db.exec("PRAGMA foreign_keys = ON");
}

}  // namespace

int LatestVersion(const Schema& schema) {
  int latest = 0;
  for (const RoomMigrations& room : schema) {
    for (const Migration& step : room.steps) {
      latest = std::max(latest, step.version);
    }
  }
  return latest;
}

Status Store::MigrateTo(const std::string& path, const Schema& schema,
                        int version) {
  try {
    auto db = OpenConnection(path);
    ApplyMigrations(*db, schema, version);
    return Ok{};
  } catch (const std::exception& e) {
    return Error::Internal("migrating " + path + ": " + e.what());
  }
}

// The database holds tokens' hashes, accounts and evidence: owner-only
// (SQLite gives its -wal and -shm files the database file's mode).
namespace {
Status MakeOwnerOnlyFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || ::fchmod(fd, 0600) != 0) {
    if (fd >= 0) ::close(fd);
    return Error::Internal("cannot create " + path +
                           " owner-only: " + std::strerror(errno));
  }
  ::close(fd);
  return Ok{};
}
}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& path,
                                           const Schema& schema,
                                           int pool_size) {
  std::unique_ptr<Store> store(new Store());
  if (path != ":memory:" && !path.empty()) {
    auto owner_only = MakeOwnerOnlyFile(path);
    if (!owner_only.ok()) return owner_only.error();
  }
  try {
    for (int i = 0; i < std::max(pool_size, 1); ++i) {
      store->connections_.push_back(
          std::make_unique<Connection>(Connection{OpenConnection(path), {}}));
      store->idle_.push_back(store->connections_.back().get());
    }
    SQLite::Database& first = *store->connections_.front()->db;
    store->counts_commits_ =
        first.execAndGet("PRAGMA journal_mode").getString() == "wal";
    if (store->counts_commits_) {
      for (const auto& connection : store->connections_) {
        sqlite3_wal_hook(connection->db->getHandle(), &Store::CountCommit,
                         store.get());
      }
    }
    const int version = first.execAndGet("PRAGMA user_version").getInt();
    if (version > LatestVersion(schema)) {
      return Error::Internal("database " + path + " has schema version " +
                             std::to_string(version) +
                             ", newer than this build knows");
    }
    ApplyMigrations(first, schema, LatestVersion(schema));
  } catch (const std::exception& e) {
    return Error::Internal("opening database " + path + ": " + e.what());
  }
  return store;
}

// The WAL hook replaces SQLite's automatic checkpoint, so it checkpoints
// as that one does (passively, past 1,000 pages) besides counting.
int Store::CountCommit(void* store, sqlite3* db, const char* name, int pages) {
  static_cast<Store*>(store)->commits_.fetch_add(1);
  if (pages >= kAutoCheckpointPages) {
    sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                              nullptr);
  }
  return SQLITE_OK;
}

std::optional<uint64_t> Store::commits() const {
  if (!counts_commits_) return std::nullopt;
  return commits_.load();
}

Store::Lease Store::Acquire() {
  std::unique_lock lock(mutex_);
  idle_available_.wait(lock, [this] { return !idle_.empty(); });
  Connection* connection = idle_.back();
  idle_.pop_back();
  return Lease(this, connection);
}

void Store::Release(Connection* connection) {
  bool waiters_possible;
  {
    std::lock_guard lock(mutex_);
    waiters_possible = idle_.empty();
    idle_.push_back(connection);
  }
  if (waiters_possible) idle_available_.notify_one();
}

Store::Lease::Lease(Lease&& other) noexcept
    : store_(other.store_),
      connection_(other.connection_),
      used_(std::move(other.used_)) {
  other.store_ = nullptr;
  other.connection_ = nullptr;
}

Store::Lease::~Lease() {
  if (store_ == nullptr) return;
  ResetStatements();
  store_->Release(connection_);
}

void Store::Lease::ResetStatements() {
  for (SQLite::Statement* statement : used_) statement->tryReset();
}

SQLite::Database& Store::Lease::db() { return *connection_->db; }

SQLite::Statement& Store::Lease::Prepare(const std::string& sql) {
  auto& cached = connection_->statements[sql];
  if (!cached) {
    cached = std::make_unique<SQLite::Statement>(*connection_->db, sql);
  } else {
    cached->tryReset();
    cached->clearBindings();
  }
  if (std::find(used_.begin(), used_.end(), cached.get()) == used_.end()) {
    used_.push_back(cached.get());
  }
  return *cached;
}

struct ReadTx::Connection {
  Store::Lease lease;
};

ReadTx::ReadTx(Store& store) : ReadTx(store, Mode::kRead) {}

ReadTx::ReadTx(Store& store, Mode mode)
    : connection_(std::make_unique<Connection>(Connection{store.Acquire()})) {
  connection_->lease.db().exec(mode == Mode::kWrite ? "BEGIN IMMEDIATE"
                                                    : "BEGIN DEFERRED");
  open_ = true;
}

ReadTx::~ReadTx() {
  if (!open_) return;
  connection_->lease.ResetStatements();
  connection_->lease.db().tryExec("ROLLBACK");
}

void ReadTx::Commit() {
  connection_->lease.db().exec("COMMIT");
  open_ = false;
}

Store::Lease& Store::LeaseOf(ReadTx& tx) { return tx.connection_->lease; }

void RecordAudit(WriteTx& tx, const AuditEntry& entry, TimePoint at) {
  SQLite::Statement& insert = Store::LeaseOf(tx).Prepare(
      "INSERT INTO audit_log (at, actor, action, object_type, object_id, "
      "detail) VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, ToUnixSeconds(at));
  insert.bind(2, entry.actor);
  insert.bind(3, entry.action);
  insert.bind(4, entry.object_type);
  insert.bind(5, entry.object_id);
  insert.bind(6, entry.detail_json);
  insert.exec();
}

}  // namespace hazegate
